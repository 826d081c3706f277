from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import task_backends

from koers.deployment import workers


class Command(BaseCommand):
    help = (
        "Run the background task worker (sends e-mail, generates documents, imports files) for the "
        "configured task queue (database or Redis), with the daily jobs. Run as many as you like."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument(
            "--interval", type=float, default=1, help="Seconds between polls when idle (database queue)."
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not run the daily jobs (reminders, retention) from this worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks_db.backend import DatabaseBackend

        from koers.deployment import periodic
        from koers.deployment.redis_tasks import RedisBackend

        backend = task_backends["default"]
        scheduler = not options["no_scheduler"] and not options["batch"]

        worker_id = workers.new_worker_id()

        def tick() -> None:
            if scheduler:
                periodic.tick(worker_id=worker_id)

        if isinstance(backend, RedisBackend):
            workers.run_redis_worker(
                worker_id=worker_id,
                backend=backend,
                batch=options["batch"],
                tick=tick,
                verbosity=options["verbosity"],
            )
        elif isinstance(backend, DatabaseBackend):
            workers.run_database_worker(
                worker_id=worker_id,
                backend_name=backend.alias,
                batch=options["batch"],
                interval=options["interval"],
                tick=tick,
                verbosity=options["verbosity"],
            )
        else:
            raise CommandError(
                f"The task backend {type(backend).__name__} has no worker: its tasks run at once."
            )

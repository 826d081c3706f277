"""Serving Koers with gunicorn, the WSGI server of production and of the demo."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class KoersServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


def serve(*, bind: str, workers: int, threads: int, access_log: bool = True) -> None:
    KoersServer(
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-" if access_log else None,
            "timeout": 60,
            "graceful_timeout": 20,
            "forwarded_allow_ips": "127.0.0.1",
        }
    ).run()

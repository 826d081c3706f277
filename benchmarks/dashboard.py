"""How the dashboard holds up under load, compared with a view that asks the database one query.

Builds a programme with 50 sub-projects, 5,000 actions and 500 meetings (bulk-created, with budget
lines, milestones, assessments, decisions and course adjustments), starts a real server (gunicorn)
on it and lets 25 concurrent clients, logged in as the programme manager, request

1. the dashboard (``/programmas/<uuid>/dashboard/``), and
2. a view that asks the database a single query (``/benchmark/een-query/``),

in the same run. It prints the median (p50) and 95th percentile (p95) response times of both and
the ratio of the p95s (goal: at most 3 — reported, not asserted).

SQLite in a temporary directory by default; PostgreSQL when DATABASE_URL points at an empty
database you created for it (never a production database). Usage::

    uv run python benchmarks/dashboard.py [--clients 25] [--requests 1000] [--workers 2] [--threads 4]
                                          [--no-cache]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUBPROJECTS, ACTIONS, MEETINGS = 50, 5000, 500


def environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "KOERS_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "dashboard_site",
            "KOERS_MFA_ENFORCE": "false",
            "KOERS_DEBUG": "false",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT / "src")]),
        }
    )
    return env


def build(data_dir: Path) -> tuple[str, str, str]:
    """The programme and its data; returns the programme's UUID, the session cookie's name and value."""
    os.environ.update(environment(data_dir))
    sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "src")]
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from koers.accounts.models import User
    from koers.actions.models import Action
    from koers.meetings.models import Decision, Meeting
    from koers.monitoring.models import CourseAdjustment, StandingAssessment
    from koers.organisations.models import Membership, Organisation, OrganisationRole
    from koers.plan.models import BudgetLine, SubProject, SubProjectMilestone
    from koers.programmes.models import Programme, ProgrammeMembership, ProgrammeRole
    from koers.teams.models import Body, Person

    call_command("migrate", verbosity=0)
    rng = random.Random(5)
    today = timezone.localdate()
    organisation = Organisation.objects.create(name="Gemeente Benchmarkstad")
    user = User.objects.create_user("programmamanager@benchmark.example", "benchmark-wachtwoord-1")
    Membership.objects.create(organisation=organisation, user=user, role=OrganisationRole.LID)
    programme = Programme.objects.create(
        organisation=organisation,
        name="Benchmark aanpak",
        start_date=dt.date(today.year - 1, 1, 1),
        status="actief",
    )
    ProgrammeMembership.objects.create(programme=programme, user=user, role=ProgrammeRole.PROGRAMMAMANAGER)
    people = Person.objects.bulk_create(
        Person(programme=programme, full_name=f"Teamlid {i}", email=f"teamlid{i}@benchmark.example")
        for i in range(40)
    )
    bodies = [
        Body.objects.create(programme=programme, kind="stuurgroep", name="Stuurgroep"),
        Body.objects.create(programme=programme, kind="projectgroep", name="Projectgroep"),
    ]
    subs = SubProject.objects.bulk_create(
        SubProject(
            programme=programme,
            name=f"Deelproject {i:02d}",
            status="uitvoering",
            kwartiermaker=people[i % 40],
        )
        for i in range(SUBPROJECTS)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            subproject=sub,
            description=f"Regel {n}",
            funding_source="Gemeente",
            planned=Decimal("10000.00"),
            spent=Decimal(rng.randrange(0, 1200000)) / 100,
        )
        for sub in subs
        for n in range(4)
    )
    SubProjectMilestone.objects.bulk_create(
        SubProjectMilestone(
            subproject=sub, title=f"Mijlpaal {n}", due=today + dt.timedelta(days=rng.randint(-60, 90))
        )
        for sub in subs
        for n in range(4)
    )
    statuses = ["open", "open", "bezig", "gereed", "vervallen"]
    Action.objects.bulk_create(
        Action(
            programme=programme,
            subproject=subs[i % SUBPROJECTS],
            title=f"Actie {i}",
            owner=people[i % 40],
            due_date=today + dt.timedelta(days=rng.randint(-90, 180)),
            status=rng.choice(statuses),
            priority=rng.choice(["hoog", "normaal", "laag"]),
        )
        for i in range(ACTIONS)
    )
    start = timezone.now() - dt.timedelta(days=MEETINGS // 2)
    Meeting.objects.bulk_create(
        Meeting(
            programme=programme,
            body=bodies[i % 2],
            title=f"Overleg {i}",
            starts_at=start + dt.timedelta(days=i),
        )
        for i in range(MEETINGS)
    )
    Decision.objects.bulk_create(
        Decision(
            programme=programme,
            body=bodies[i % 2],
            number=i // 2 + 1,
            text=f"Besluit {i}",
            decided_on=today - dt.timedelta(days=i),
        )
        for i in range(200)
    )
    StandingAssessment.objects.bulk_create(
        StandingAssessment(
            subproject=sub,
            standing=rng.choice(["op_koers", "risico", "uit_koers"]),
            explanation="Toelichting",
            assessed_on=today - dt.timedelta(days=7 * n),
            assessed_by=user,
        )
        for sub in subs
        for n in range(10)
    )
    CourseAdjustment.objects.bulk_create(
        CourseAdjustment(
            programme=programme,
            kind="deelproject",
            subproject=subs[i % SUBPROJECTS],
            description=f"Bijsturing {i}",
            reason_kind="signaal",
            reason="Signaal",
            body=bodies[0],
            decided_on=today - dt.timedelta(days=i),
        )
        for i in range(100)
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    from django.db import connections

    connections.close_all()
    return str(programme.uuid), settings.SESSION_COOKIE_NAME, session.session_key or ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


def load(url: str, cookie: tuple[str, str], clients: int, total: int) -> list[float]:
    """``total`` requests of ``url`` by ``clients`` concurrent clients; the response times (s)."""
    import requests

    per_client = max(1, total // clients)

    def client(_: int) -> list[float]:
        times = []
        with requests.Session() as http:
            http.cookies.set(*cookie)
            for _ in range(per_client):
                begin = time.perf_counter()
                response = http.get(url, timeout=120)
                times.append(time.perf_counter() - begin)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
        return times

    with ThreadPoolExecutor(clients) as pool:
        return [t for times in pool.map(client, range(clients)) for t in times]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=25)
    parser.add_argument("--requests", type=int, default=1000, help="requests per view (default 1,000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument(
        "--no-cache", action="store_true", help="make the dashboard anew on every request (no 30 s cache)"
    )
    args = parser.parse_args()
    os.environ["BENCHMARK_DASHBOARD_CACHE_SECONDS"] = "0" if args.no_cache else "30"

    with tempfile.TemporaryDirectory(prefix="koers-dashboard-") as directory:
        data_dir = Path(directory)
        began = time.perf_counter()
        programme_uuid, cookie_name, cookie_value = build(data_dir)
        vendor = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        print(
            f"{vendor}: {SUBPROJECTS} sub-projects, {ACTIONS:,} actions, {MEETINGS} meetings "
            f"built in {time.perf_counter() - began:.1f} s"
        )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--worker-class",
                "gthread",
                "--log-level",
                "warning",
                "koers.wsgi:application",
            ],
            env=environment(data_dir),
            cwd=ROOT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(f"{base}/gezond/")
            cookie = (cookie_name, cookie_value)
            urls = {
                "dashboard": f"{base}/programmas/{programme_uuid}/dashboard/",
                "one query": f"{base}/benchmark/een-query/",
            }
            for url in urls.values():  # warm up every worker
                load(url, cookie, args.clients, args.clients * 2)
            results = {name: load(url, cookie, args.clients, args.requests) for name, url in urls.items()}
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print(
        f"{args.clients} concurrent clients, {args.requests} requests per view, "
        f"gunicorn {args.workers} workers × {args.threads} threads, "
        f"dashboard cache {'off' if args.no_cache else '30 s'}"
    )
    for name, times in results.items():
        print(
            f"{name:>10}: p50 {statistics.median(times) * 1000:7.1f} ms   "
            f"p95 {percentile(times, 0.95) * 1000:7.1f} ms   ({len(times)} requests)"
        )
    ratio = percentile(results["dashboard"], 0.95) / percentile(results["one query"], 0.95)
    print(f"ratio of the p95s (dashboard / one query): {ratio:.2f} (goal: at most 3)")


if __name__ == "__main__":
    main()

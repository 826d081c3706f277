"""Every production-and-scale benchmark in one go, written to a Markdown report.

1. **Tenants**: generates a tenant at each ``--scales`` (``benchmarks.tenant``; 100 is the full
   tenant: 10 programmes, 500 sub-projects, 50,000 actions, 5,000 meetings, 10 million
   observations), in one database, and times it.
2. **Query counts** of the main pages of each tenant (``benchmarks.pages``): goal flat.
3. **Page weight** of the main pages of the largest tenant: goal at most 200 KB (raw bytes).
4. **Import**: ``benchmarks/import_bulk.py`` (Koers's real import service against polars'
   ``read_csv`` of the same file): goal at least a tenth of polars' rate.
5. **Load**: ``koers serve`` (gunicorn) on the database, Locust with ``--users`` users for
   ``--duration`` seconds over the main pages of the largest tenant and a one-query view
   (``benchmarks/dashboard_urls.py``): p95 of each page as a ratio to the one-query view's p95;
   goal at most 2 (dashboard 3) and no errors. The slowest pages are profiled in-process.
6. **Soak**: ``koers worker`` handling a steady stream of tasks for ``--soak`` seconds; its resident
   memory at the end against after the warm-up: goal at most 1.1×.

SQLite in a temporary directory by default; PostgreSQL when DATABASE_URL names an empty database
created for it (never a production database; drop it afterwards). Usage::

    uv run python -m benchmarks.run_all --quick --out benchmarks/report-quick.md
    DATABASE_URL=postgres://…/koers_bench uv run python -m benchmarks.run_all \\
        --scales 1,10,100 --duration 600 --users 25 --soak 1800 --out benchmarks/report.md

The goals are reported, never asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import json
import os
import platform
import pstats
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MAIN_GOAL, DASHBOARD_GOAL, IMPORT_GOAL, MEMORY_GOAL = 2.0, 3.0, 0.1, 1.1


def environment(data_dir: Path) -> dict[str, str]:
    """The environment of this process, the server and the worker: the benchmark site (Koers's
    development settings plus the one-query view), no second factor, no e-mail sent."""
    env = dict(os.environ)
    env.update(
        {
            "KOERS_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "dashboard_site",
            "KOERS_MFA_ENFORCE": "false",
            "KOERS_DEBUG": "false",
            "KOERS_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT / "src"), str(ROOT)]),
        }
    )
    return env


def setup(data_dir: Path) -> str:
    os.environ.update(environment(data_dir))
    for entry in (str(ROOT), str(ROOT / "src"), str(ROOT / "benchmarks")):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    return "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


# Import ------------------------------------------------------------------------------------------


def import_rate(rows: int) -> dict[str, Any]:
    """``benchmarks/import_bulk.py`` in a child process (its own settings and, on SQLite, its own
    database); the figures it prints."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "koers.settings.test"
    done = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, str(ROOT / "benchmarks" / "import_bulk.py"), "--rows", str(rows)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr[-2000:]}
    lines = {
        line.split(":", 1)[0].strip(): line.split(":", 1)[1]
        for line in done.stdout.splitlines()
        if ":" in line
    }

    def number(key: str, position: int) -> float:
        return float(lines[key].split()[position].replace(",", ""))

    polars_rate = number("polars read_csv", 2)
    koers_rate = number("Koers import", 2)
    return {
        "rows": rows,
        "polars_seconds": number("polars read_csv", 0),
        "polars_rate": polars_rate,
        "koers_seconds": number("Koers import", 0),
        "koers_rate": koers_rate,
        "again_rate": number("Koers again", 2),
        "ratio": koers_rate / polars_rate,
        "output": done.stdout,
    }


# Load --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, seconds: float = 120) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.5)
    raise RuntimeError("the server did not start")


def load(
    data_dir: Path, urls: dict[str, str], cookie: tuple[str, str], args: argparse.Namespace
) -> tuple[dict[str, dict[str, float]], float]:
    """``koers serve`` and Locust against it; per page: requests, failures, p50, p95 (ms); and the
    median of the one-query view without load (ms)."""
    import requests

    port = free_port()
    env = environment(data_dir)
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
        [
            sys.executable,
            "-m",
            "koers",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{host}/gezond/")
        with requests.Session() as http:  # warm up every page in every worker before measuring
            http.cookies.set(*cookie)
            for _ in range(args.workers * args.threads):
                for url in urls.values():
                    http.get(host + url, timeout=300)
        with requests.Session() as http:  # the one-query view without load, for the saturation check
            times = []
            for _ in range(10):
                begin = time.perf_counter()
                http.get(host + urls["one query"], timeout=300)
                times.append((time.perf_counter() - begin) * 1000)
            unloaded = sorted(times)[len(times) // 2]
        with tempfile.TemporaryDirectory(prefix="koers-locust-") as directory:
            prefix = Path(directory) / "load"
            env.update(
                {
                    "BENCHMARK_PAGES": json.dumps(urls),
                    "BENCHMARK_COOKIE": f"{cookie[0]}={cookie[1]}",
                    "BENCHMARK_THINK_SECONDS": str(args.think),
                }
            )
            subprocess.run(  # noqa: S603 (locust from this environment, fixed arguments)
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(ROOT / "benchmarks" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(max(1, args.users // 5)),
                    "--run-time",
                    f"{args.duration}s",
                    "--host",
                    host,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=env,
                cwd=ROOT,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            results = {}
            with open(f"{prefix}_stats.csv", newline="") as file:
                for row in csv.DictReader(file):
                    if row["Name"] == "Aggregated":
                        continue
                    results[row["Name"]] = {
                        "requests": int(row["Request Count"]),
                        "failures": int(row["Failure Count"]),
                        "p50": float(row["50%"]),
                        "p95": float(row["95%"]),
                        "rps": float(row["Requests/s"]),
                    }
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return results, unloaded


def profile(client: Any, url: str, repeat: int = 5) -> str:
    """The functions of Koers and Django templates that took the most time in ``repeat`` requests."""
    from django.core.cache import cache

    client.get(url)
    profiler = cProfile.Profile()
    for _ in range(repeat):
        cache.clear()
        profiler.enable()
        client.get(url)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"koers/|django/(template|db/models/sql/compiler)", 24)
    site = str(Path(cProfile.__file__).parent)  # the standard library; packages live beside it
    keep = [
        line.replace(str(ROOT / "src") + "/", "").replace(str(ROOT / ".venv"), "…").replace(site, "…")
        for line in out.getvalue().splitlines()
        if line.strip() and "middleware.py" not in line
    ]
    return "\n".join(keep[-18:])


# Soak --------------------------------------------------------------------------------------------


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (KB)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total


def soak(data_dir: Path, tenant: Any, seconds: int, rate: float, document_every: float = 0) -> dict[str, Any]:
    """``koers worker`` with ``rate`` tasks a second (e-mail to an action's owner, with a dummy
    mail backend) for ``seconds`` and, every ``document_every`` seconds, a safety analysis document
    of the tenant's first programme (PDF, ODT and DOCX: WeasyPrint and the office writers); its RSS
    after the warm-up (a tenth of the time, at least 10 s) and at the end."""
    from django.core.exceptions import ValidationError
    from django.db import close_old_connections, transaction
    from django_tasks_db.models import DBTaskResult

    from koers.accounts.models import User
    from koers.actions.models import Action
    from koers.actions.tasks import notify_assigned
    from koers.analysisdocs.models import AnalysisDocument, DocumentStatus
    from koers.analysisdocs.services import document_request
    from koers.programmes.models import Programme

    programme = Programme.objects.get(uuid=tenant.programme_uuid)
    manager = User.objects.get(pk=tenant.manager_pk)
    documents = {"requested": 0, "refused": 0}

    def request_document() -> None:
        try:
            with transaction.atomic():
                document_request(actor=manager, programme=programme)
            documents["requested"] += 1
        except ValidationError:
            documents["refused"] += 1  # the previous one is still being made

    action_uuids = [
        str(u)
        for u in Action.objects.filter(programme__organisation_id=tenant.organisation_pk)
        .exclude(owner=None)
        .order_by("pk")
        .values_list("uuid", flat=True)[:2000]
    ]
    from django.utils import timezone

    since = timezone.now()
    worker = subprocess.Popen(
        [sys.executable, "-m", "koers", "worker", "--interval", "0.2"],
        env=environment(data_dir),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    samples: list[tuple[float, int]] = []
    stop = threading.Event()

    def sample() -> None:
        begin = time.monotonic()
        while not stop.is_set():
            samples.append((time.monotonic() - begin, rss_kb(worker.pid)))
            stop.wait(2)

    sampler = threading.Thread(target=sample, daemon=True)
    try:
        time.sleep(3)
        sampler.start()
        begin = time.monotonic()
        sent = 0
        next_document = begin + document_every if document_every else float("inf")
        while time.monotonic() - begin < seconds:
            notify_assigned.enqueue(action_uuids[sent % len(action_uuids)])
            sent += 1
            if time.monotonic() >= next_document:
                request_document()
                next_document += document_every
            next_at = begin + sent / rate
            time.sleep(max(0.0, next_at - time.monotonic()))
        deadline = time.monotonic() + 60
        while (
            time.monotonic() < deadline
            and DBTaskResult.objects.filter(enqueued_at__gte=since, status="READY").exists()
        ):
            time.sleep(1)
        time.sleep(2)
    finally:
        stop.set()
        sampler.join(timeout=10)
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        close_old_connections()
    results = DBTaskResult.objects.filter(enqueued_at__gte=since)
    done = results.filter(status="SUCCESSFUL").count()
    failed = results.filter(status="FAILED").count()
    made = AnalysisDocument.objects.filter(programme=programme, requested_at__gte=since)
    documents["done"] = made.filter(status=DocumentStatus.DONE).count()
    documents["failed"] = made.filter(status=DocumentStatus.FAILED).count()
    warm = max(10.0, seconds / 10)
    after_warmup = next((kb for at, kb in samples if at >= warm), samples[-1][1])
    return {
        "seconds": seconds,
        "sent": sent,
        "done": done,
        "failed": failed,
        "left": results.filter(status="READY").count(),
        "first": samples[0][1],
        "after_warmup": after_warmup,
        "warmup_seconds": warm,
        "end": samples[-1][1],
        "peak": max(kb for _at, kb in samples),
        "ratio": samples[-1][1] / after_warmup,
        "documents": documents,
    }


# Report ------------------------------------------------------------------------------------------


def saturated(data: dict[str, Any]) -> bool:
    """Whether the server was overloaded: the one-query view's p95 under load more than 10 times
    its time without load (and over 250 ms). The ratios then say nothing about the pages, because
    every request, the one-query view's too, mostly waits in the same queue."""
    unloaded = data.get("one_query_unloaded_ms") or 0
    p95 = data["load"]["one query"]["p95"]
    return p95 > max(250.0, 10 * unloaded)


def met(ok: bool) -> str:
    return "gehaald" if ok else "**niet gehaald**"


def report(data: dict[str, Any]) -> str:
    out: list[str] = []
    add = out.append
    add("# Koers benchmarks")
    add("")
    add(
        f"Gemeten op {data['date']} — {data['vendor']}, {data['cpus']} CPU-kernen "
        f"({data['machine']}), Python {platform.python_version()}. Commando: `{data['command']}`."
    )
    add("")
    add("## Doelen")
    add("")
    add("| meting | waarde | doel | oordeel |")
    add("|---|---|---|---|")
    for row in data["goals"]:
        add("| " + " | ".join(row) + " |")
    add("")
    add("## Gegenereerde tenants")
    add("")
    add(
        "| schaal | programma's | deelprojecten | acties | overleggen | observaties "
        "| tijd programma's | tijd observaties |"
    )
    add("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in data["tenants"]:
        c, s = t["counts"], t["seconds"]
        add(
            f"| {t['scale']:g}× | {c['programmes']:,} | {c['subprojects']:,} | {c['actions']:,} | "
            f"{c['meetings']:,} | {c['observations']:,} | {s['programmes']:.1f} s "
            f"| {s['observations']:.1f} s |"
        )
    add("")
    add("## Aantal queries per pagina")
    add("")
    scales = [t["scale"] for t in data["tenants"]]
    add("| pagina | " + " | ".join(f"{s:g}×" for s in scales) + " | vlak |")
    add("|---|" + "---:|" * len(scales) + "---|")
    for label, counts in data["queries"].items():
        add(f"| {label} | " + " | ".join(str(c) for c in counts) + f" | {met(len(set(counts)) == 1)} |")
    add("")
    add(f"## Paginagewicht ({data['tenants'][-1]['scale']:g}×)")
    add("")
    add("HTML plus alle CSS, JavaScript, iconen en afbeeldingen waar de pagina (en haar CSS) naar verwijst,")
    add("elk bestand één keer. *Verstuurd*: de HTML ongecomprimeerd (zoals Koers hem verstuurt) en de")
    add("statische bestanden met gzip (zoals whitenoise ze in productie verstuurt); daarvoor geldt het doel.")
    add("*Ruw*: alles ongecomprimeerd; *alles gzip*: ook de HTML gecomprimeerd (niveau 6).")
    add("")
    add("| pagina | HTML | bestanden (ruw) | ruw | verstuurd | alles gzip | doel ≤ 200 KB verstuurd |")
    add("|---|---:|---:|---:|---:|---:|---|")
    for label, w in data["weights"].items():
        add(
            f"| {label} | {w['html'] / 1024:.1f} KB | {w['files']} ({w['assets'] / 1024:.1f} KB) | "
            f"{w['total'] / 1024:.1f} KB | {w['sent'] / 1024:.1f} KB | {w['total_gzip'] / 1024:.1f} KB "
            f"| {met(w['sent'] <= 200 * 1024)} |"
        )
    add("")
    imp = data.get("import")
    add("## Import tegenover polars")
    add("")
    if imp and "error" not in imp:
        add(f"{imp['rows']:,} rijen (bulk-CSV, politiecodes):")
        add("")
        add("```")
        add(imp["output"].strip())
        add("```")
    elif imp:
        add("De import faalde:\n\n```\n" + imp["error"] + "\n```")
    add("")
    lo = data.get("load")
    if lo:
        add(f"## Belasting ({data['tenants'][-1]['scale']:g}×)")
        add("")
        add(
            f"`koers serve` (gunicorn, {data['args']['workers']} workers × "
            f"{data['args']['threads']} threads), "
            f"Locust met {data['args']['users']} gelijktijdige gebruikers, {data['args']['duration']} s, "
            f"denktijd {data['args']['think'] / 2:g}–{data['args']['think'] * 1.5:g} s tussen verzoeken; "
            "Locust draait op dezelfde machine."
        )
        add("")
        if "one_query_unloaded_ms" in data:
            add(
                "De één-query-view zonder belasting: "
                f"{data['one_query_unloaded_ms']:.0f} ms (mediaan van 10)."
            )
            add("")
        if saturated(data):
            add(
                "**De server was overbelast**: ook de één-query-view wachtte (p95 meer dan tien keer de "
                "tijd zonder belasting). De verhoudingen zeggen dan niets over de pagina's; de doelen "
                "gelden als niet gehaald. Zie het profiel hieronder voor de oorzaak."
            )
            add("")
        add("| pagina | verzoeken | fouten | p50 | p95 | p95 / één query | doel |")
        add("|---|---:|---:|---:|---:|---:|---|")
        base = lo["one query"]["p95"]
        for label, r in lo.items():
            goal = 1.0 if label == "one query" else DASHBOARD_GOAL if label == "dashboard" else MAIN_GOAL
            ratio = r["p95"] / base
            ok = ratio <= goal and not saturated(data)
            verdict = "—" if label == "one query" else f"≤ {goal:g}: {met(ok)}"
            add(
                f"| {label} | {r['requests']:,} | {r['failures']} | {r['p50']:.0f} ms | {r['p95']:.0f} ms | "
                f"{ratio:.1f} | {verdict} |"
            )
        add("")
    if data.get("profiles"):
        add("## Profiel van de traagste pagina's")
        add("")
        for label, text in data["profiles"].items():
            add(f"### {label}")
            add("")
            add("```")
            add(text)
            add("```")
            add("")
    so = data.get("soak")
    if so:
        add("## Geheugen van de worker")
        add("")
        add(
            f"`koers worker` kreeg {so['seconds']} s lang een gelijkmatige stroom taken (e-mail aan de "
            f"eigenaar van een actie, dummy-mailbackend): {so['sent']:,} verstuurd, {so['done']:,} "
            f"klaar, {so['failed']} mislukt, {so['left']} nog in de wachtrij."
        )
        docs = so.get("documents")
        if docs and docs.get("requested") is not None:
            add("")
            add(
                f"Daartussen veiligheidsanalyses (PDF, ODT en DOCX) van het eerste programma: "
                f"{docs['requested']} aangevraagd, {docs.get('done', 0)} klaar, {docs.get('failed', 0)} "
                f"mislukt, {docs['refused']} keer geweigerd omdat de vorige nog gemaakt werd."
            )
        add("")
        add(
            f"RSS bij de start {so['first'] / 1024:.0f} MB, na de opwarmtijd ({so['warmup_seconds']:.0f} s) "
            f"{so['after_warmup'] / 1024:.0f} MB, aan het eind {so['end'] / 1024:.0f} MB, "
            f"hoogste {so['peak'] / 1024:.0f} MB: factor {so['ratio']:.2f}."
        )
        add("")
    return "\n".join(out) + "\n"


def goals(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    rows = []
    lo = data.get("load")
    if lo:
        base = lo["one query"]["p95"]
        for label, r in lo.items():
            if label == "one query":
                continue
            goal = DASHBOARD_GOAL if label == "dashboard" else MAIN_GOAL
            ratio = r["p95"] / base
            note = " (server overbelast)" if saturated(data) else ""
            rows.append(
                (
                    f"p95 {label} / één query",
                    f"{ratio:.1f}×{note}",
                    f"≤ {goal:g}×",
                    met(ratio <= goal and not saturated(data)),
                )
            )
        failures = sum(r["failures"] for r in lo.values())
        rows.append(("fouten onder belasting", str(failures), "0", met(failures == 0)))
    flat = [label for label, counts in data["queries"].items() if len(set(counts)) > 1]
    rows.append(
        (
            "aantal queries bij " + ", ".join(f"{t['scale']:g}×" for t in data["tenants"]),
            "vlak" if not flat else "groeit: " + ", ".join(flat),
            "vlak",
            met(not flat),
        )
    )
    imp = data.get("import")
    if imp and "error" not in imp:
        rows.append(
            (
                "import / polars read_csv",
                f"1/{1 / imp['ratio']:.0f} "
                f"({imp['koers_rate']:,.0f} tegen {imp['polars_rate']:,.0f} rijen/s)",
                "≥ 1/10",
                met(imp["ratio"] >= IMPORT_GOAL),
            )
        )
    so = data.get("soak")
    if so:
        rows.append(
            (
                f"geheugen worker na {so['seconds']} s / na opwarmen",
                f"{so['ratio']:.2f}×",
                f"≤ {MEMORY_GOAL:g}×",
                met(so["ratio"] <= MEMORY_GOAL),
            )
        )
    heaviest = max(data["weights"].items(), key=lambda item: item[1]["sent"])
    rows.append(
        (
            f"zwaarste pagina, verstuurd ({heaviest[0]})",
            f"{heaviest[1]['sent'] / 1024:.0f} KB (ruw {heaviest[1]['total'] / 1024:.0f} KB)",
            "≤ 200 KB",
            met(heaviest[1]["sent"] <= 200 * 1024),
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scales", default="1,10,100", help="tenant scales, comma-separated (default 1,10,100)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=25, help="concurrent users (default 25)")
    parser.add_argument("--duration", type=int, default=600, help="seconds of load (default 600)")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests (s)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    parser.add_argument("--soak", type=int, default=1800, help="seconds of worker soak (default 1,800)")
    parser.add_argument("--soak-rate", type=float, default=5.0, help="tasks a second in the soak")
    parser.add_argument(
        "--soak-documents",
        type=float,
        default=60.0,
        help="seconds between two analysis documents in the soak (0: none; default 60)",
    )
    parser.add_argument("--import-rows", type=int, default=1_000_000, help="rows of the import benchmark")
    parser.add_argument("--skip", default="", help="parts to leave out: load,soak,import,profile")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: scales 0.2 and 1, 5 users for 30 s, 30 s soak, 50,000 import rows",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "report.md")
    args = parser.parse_args()
    if args.quick:
        args.scales, args.users, args.duration, args.soak, args.import_rows = "0.2,1", 5, 30, 30, 50_000
    skip = set(filter(None, args.skip.split(",")))
    scales = [float(s) for s in args.scales.split(",")]

    with tempfile.TemporaryDirectory(prefix="koers-bench-") as directory:
        data_dir = Path(directory)
        vendor = setup(data_dir)
        from benchmarks import pages, tenant

        log(f"{vendor}, scales {scales}")
        data: dict[str, Any] = {
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "vendor": vendor,
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
            "command": " ".join(["python -m benchmarks.run_all", *sys.argv[1:]]),
            "args": vars(args) | {"out": str(args.out)},
            "tenants": [],
            "queries": {},
        }
        made = []
        for scale in scales:
            t = tenant.generate(scale=scale, seed=args.seed)
            made.append(t)
            data["tenants"].append({"scale": scale, "counts": t.counts, "seconds": t.seconds})
            log(f"tenant {scale:g}×: {t.counts} in {t.seconds}")
            for label, count in pages.query_counts(t).items():
                data["queries"].setdefault(label, []).append(count)
            log(f"queries: {data['queries']}")
        largest = made[-1]
        data["weights"] = {label: vars(w) for label, w in pages.page_weights(largest).items()}
        log("weights measured")
        write(args.out, data)
        if "import" not in skip:
            data["import"] = import_rate(args.import_rows)
            log(f"import: {data['import'].get('ratio', data['import'].get('error'))}")
            write(args.out, data)
        if "load" not in skip:
            from django.db import connections

            cookie = tenant.login_session(largest.manager_pk)
            urls = {"one query": "/benchmark/een-query/", **dict(pages.page_urls(largest))}
            connections.close_all()
            data["load"], data["one_query_unloaded_ms"] = load(data_dir, urls, cookie, args)
            log(f"load: {data['load']}")
            write(args.out, data)
            if "profile" not in skip:
                by_ratio = sorted(
                    (label for label in data["load"] if label != "one query"),
                    key=lambda label: data["load"][label]["p95"],
                    reverse=True,
                )[:3]
                client = pages.client_for(largest)
                data["profiles"] = {label: profile(client, urls[label]) for label in by_ratio}
                write(args.out, data)
        if "soak" not in skip:
            data["soak"] = soak(data_dir, largest, args.soak, args.soak_rate, args.soak_documents)
            log(f"soak: {data['soak']}")
        write(args.out, data)
        log(f"report written to {args.out}")


def write(out: Path, data: dict[str, Any]) -> None:
    """The report so far (written after every part, so a long run that stops keeps what it has)."""
    data["goals"] = goals(data)
    out.write_text(report(data))
    out.with_suffix(".json").write_text(json.dumps(data, indent=1, default=str))


if __name__ == "__main__":
    main()

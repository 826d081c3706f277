"""compose.yaml, the Containerfile and the Caddy configuration describe a working topology: the
commands, health checks and settings they use exist in Koers."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.core.management import get_commands
from django.urls import resolve

from koers.env import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]


def command(service: str) -> list[str]:
    return SERVICES[service]["command"]


def health_test(service: str) -> str:
    return " ".join(SERVICES[service]["healthcheck"]["test"])


def test_the_topology_has_two_servers_two_workers_a_proxy_postgresql_and_redis():
    assert {"postgres", "redis", "migrate", "app1", "app2", "worker1", "worker2", "proxy"} <= set(SERVICES)
    for app in ("app1", "app2"):
        assert command(app)[:2] == ["koers", "serve"]
        assert "0.0.0.0:8000" in command(app)
    for worker in ("worker1", "worker2"):
        assert command(worker) == ["koers", "worker"]
    assert command("migrate")[:2] == ["koers", "migrate"]
    assert "caddy" in SERVICES["proxy"]["image"]


def test_every_koers_command_in_the_topology_exists():
    commands = get_commands()
    used = [command(name)[1] for name in SERVICES if SERVICES[name].get("command", [""])[0] == "koers"]
    used += [SERVICES[name]["healthcheck"]["test"][2] for name in ("worker1", "worker2")]
    assert set(used) == {"serve", "worker", "migrate", "health"}
    assert all(name in commands for name in used)


def test_health_checks_use_the_liveness_and_readiness_endpoints():
    for app in ("app1", "app2"):
        assert "/gezond/leeft/" in health_test(app)
    assert resolve("/gezond/leeft/").url_name == "health_alive"
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "health_uri /gezond/gereed/" in caddyfile
    assert "app1:8000 app2:8000" in caddyfile
    assert resolve("/gezond/gereed/").url_name == "health_ready"
    assert "/gezond/leeft/" in (ROOT / "Containerfile").read_text()


def test_servers_and_workers_share_the_database_redis_and_uploaded_files():
    for name in ("app1", "app2", "worker1", "worker2", "migrate"):
        service = SERVICES[name]
        environment = service["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["KOERS_TASKS_BACKEND"] == "redis"
        assert environment["KOERS_REDIS_URL"].startswith("redis://redis:")
        assert f"media:{environment['KOERS_MEDIA_ROOT']}" in service["volumes"]
    for name in ("app1", "app2", "worker1", "worker2"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert "media" in COMPOSE["volumes"]


def test_the_settings_in_the_topology_are_settings_koers_reads():
    environment = SERVICES["app1"]["environment"]
    example = (ROOT / "deploy" / "koers.env.example").read_text()
    names = set(environment) | set(re.findall(r"^(KOERS_\w+)=", example, re.MULTILINE))
    names -= {"KOERS_DOMAIN"}  # read by Caddy
    assert names <= set(REGISTRY), names - set(REGISTRY)

"""One typed helper to read Koers's configuration from the environment.

Every variable Koers reads is declared through :func:`config`, with its type, default and a
one-line description. ``koers envdoc`` prints the table that ``docs/installation.md`` carries; a
test checks that the two agree. Koers runs with no variable set: SQLite in the data directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, overload

T = TypeVar("T")


@dataclass(frozen=True)
class Variable:
    name: str
    default: Any
    type_name: str
    doc: str
    secret: bool = False


REGISTRY: dict[str, Variable] = {}


class ConfigError(ValueError):
    """A variable is set to a value Koers cannot use."""


def _to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on", "ja"}:
        return True
    if lowered in {"0", "false", "no", "off", "nee", ""}:
        return False
    raise ConfigError(f"expected a boolean (true/false), got {value!r}")


def _to_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


CASTS: dict[type, tuple[str, Callable[[str], Any]]] = {
    bool: ("boolean", _to_bool),
    int: ("integer", int),
    str: ("text", str),
    list: ("comma-separated list", _to_list),
    Path: ("path", lambda v: Path(v).expanduser()),
}


@overload
def config(name: str, default: T, *, doc: str, secret: bool = ...) -> T: ...
@overload
def config(name: str, default: None, *, doc: str, cast: type[T], secret: bool = ...) -> T | None: ...
def config(
    name: str,
    default: Any,
    *,
    doc: str,
    cast: type | None = None,
    secret: bool = False,
) -> Any:
    """Read ``name`` from the environment, cast to the default's type.

    ``doc`` is required: it is what an installer reads in ``docs/installation.md``.
    """
    kind = cast or (type(default) if default is not None else str)
    if isinstance(default, Path):
        kind = Path
    if kind not in CASTS:
        raise TypeError(f"unsupported config type {kind!r} for {name}")
    type_name, caster = CASTS[kind]
    REGISTRY[name] = Variable(name, default, type_name, doc, secret)
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return caster(raw)
    except (ValueError, ConfigError) as exc:
        raise ConfigError(f"{name}: {exc}") from exc


def markdown_table() -> str:
    """The environment variables as a Markdown table, in declaration order."""
    lines = ["| variable | type | default | meaning |", "| --- | --- | --- | --- |"]
    for var in REGISTRY.values():
        if var.secret or var.default in (None, "", []):
            shown = "(not set)"
        elif isinstance(var.default, list):
            shown = "`" + ",".join(var.default) + "`"
        else:
            shown = f"`{var.default}`"
        lines.append(f"| `{var.name}` | {var.type_name} | {shown} | {var.doc} |")
    return "\n".join(lines) + "\n"

"""Where a change comes from: the request's IP address and user agent, kept per request."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    user_agent: str = ""
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))


_origin: ContextVar[Origin | None] = ContextVar("koers_audit_origin", default=None)


def current_origin() -> Origin:
    return _origin.get() or Origin(ip_address=None, user_agent="", request_id="")


def set_origin(origin: Origin | None) -> object:
    return _origin.set(origin)


def reset_origin(token: object) -> None:
    _origin.reset(token)  # type: ignore[arg-type]

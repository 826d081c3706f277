"""The form of a personal API token: ``koers_<prefix>_<secret>``. The prefix finds the token, the
secret proves it; only the SHA-256 hash of the secret is stored (the secret has 256 bits of
randomness, so a slow password hash adds nothing)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = "koers"


def new_prefix() -> str:
    return secrets.token_hex(4)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def compose(prefix: str, secret: str) -> str:
    return f"{PREFIX}_{prefix}_{secret}"


def parse(token: str) -> tuple[str, str] | None:
    """``(prefix, secret)`` of a well-formed token, else None."""
    parts = token.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def secret_matches(secret: str, secret_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), secret_hash)

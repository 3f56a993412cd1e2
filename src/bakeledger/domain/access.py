"""Who may do what: the three roles and the API tokens that carry them.

A token's secret is shown once, when it is made; only its SHA-256 digest is stored. The secret is
32 random bytes, so a plain digest is enough (no password stretching is needed for such a key).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import attrs

# each role may do everything the roles before it may
ROLES = ("viewer", "baker", "owner")
TOKEN_PREFIX = "bkl_"


@attrs.frozen
class ApiToken:
    id: int
    name: str
    role: str
    token_hash: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def role_allows(role: str, needed: str) -> bool:
    """True when `role` may do what `needed` may (owner ⊇ baker ⊇ viewer)."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()

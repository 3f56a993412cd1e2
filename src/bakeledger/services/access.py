"""API tokens: make one (its secret shown once), list, revoke, and tell a secret's role."""

from __future__ import annotations

from typing import Any

from bakeledger.domain.access import ROLES, ApiToken, new_secret, token_digest
from bakeledger.domain.errors import NotAuthenticated, TokenNotFound, ValidationError
from bakeledger.domain.numbers import utcnow
from bakeledger.services import arguments
from bakeledger.services.dto import NewTokenDTO, TokenDTO
from bakeledger.uow.base import UnitOfWork


def create_token(uow: UnitOfWork, *, role: Any, name: Any = None) -> NewTokenDTO:
    """A new token for `role`; the returned secret is never stored and cannot be shown again."""
    role = _role(role)
    label = arguments.optional_name(name, "name") or f"{role} token"
    secret = new_secret()
    token = uow.tokens.add(name=label, role=role, token_hash=token_digest(secret), created_at=utcnow())
    return NewTokenDTO(id=token.id, name=token.name, role=token.role, token=secret)


def list_tokens(uow: UnitOfWork) -> list[TokenDTO]:
    return [token_dto(t) for t in uow.tokens.list_all()]


def revoke_token(uow: UnitOfWork, *, token_id: Any) -> TokenDTO:
    """Revoke a token for good (revoking a revoked token changes nothing)."""
    token_id = arguments.parse_id(token_id, "token_id")
    token = uow.tokens.get(token_id)
    if token is None:
        raise TokenNotFound(key=token_id)
    uow.tokens.revoke(token.id, utcnow())
    revoked = uow.tokens.get(token.id)
    assert revoked is not None
    return token_dto(revoked)


def authenticate(uow: UnitOfWork, *, secret: Any) -> TokenDTO:
    """The active token whose secret this is, or NotAuthenticated."""
    if not isinstance(secret, str) or not secret or len(secret) > 200:
        raise NotAuthenticated()
    token = uow.tokens.by_hash(token_digest(secret))
    if token is None or not token.active:
        raise NotAuthenticated()
    return token_dto(token)


def has_owner_token(uow: UnitOfWork) -> bool:
    return uow.tokens.has_active_owner()


def token_dto(token: ApiToken) -> TokenDTO:
    return TokenDTO(
        id=token.id,
        name=token.name,
        role=token.role,
        created_at=token.created_at.isoformat(),
        revoked_at=token.revoked_at.isoformat() if token.revoked_at else None,
    )


def _role(value: Any) -> str:
    if value not in ROLES:
        raise ValidationError(
            field="role", value=repr(value)[:40], message=f"role must be one of {', '.join(ROLES)}"
        )
    return str(value)

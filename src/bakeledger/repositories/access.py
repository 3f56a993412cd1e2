"""API tokens: stored by the digest of their secret, looked up by it, revoked by id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from bakeledger.domain.access import ApiToken
from bakeledger.repositories import tables as t
from bakeledger.repositories.base import SqlRepository

_BY_HASH = select(t.api_tokens).where(t.api_tokens.c.token_hash == bindparam("token_hash"))
_BY_ID = select(t.api_tokens).where(t.api_tokens.c.id == bindparam("token_id"))
_ALL = select(t.api_tokens).order_by(t.api_tokens.c.id)
_ACTIVE_OWNER = (
    select(t.api_tokens.c.id)
    .where(t.api_tokens.c.role == "owner", t.api_tokens.c.revoked_at.is_(None))
    .limit(1)
)


class TokenRepo(SqlRepository):
    def add(self, *, name: str, role: str, token_hash: str, created_at: dt.datetime) -> ApiToken:
        values = dict(name=name, role=role, token_hash=token_hash, created_at=created_at)
        new_id = self._insert(insert(t.api_tokens).values(**values))
        return ApiToken(id=new_id, **values)  # type: ignore[arg-type]

    def by_hash(self, token_hash: str) -> ApiToken | None:
        row = self._session.execute(_BY_HASH, {"token_hash": token_hash}).first()
        return _token(row._mapping) if row is not None else None

    def get(self, token_id: int) -> ApiToken | None:
        row = self._session.execute(_BY_ID, {"token_id": token_id}).first()
        return _token(row._mapping) if row is not None else None

    def list_all(self) -> list[ApiToken]:
        return [_token(row._mapping) for row in self._session.execute(_ALL)]

    def revoke(self, token_id: int, at: dt.datetime) -> None:
        self._session.execute(
            update(t.api_tokens)
            .where(t.api_tokens.c.id == token_id, t.api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    def has_active_owner(self) -> bool:
        return self._session.execute(_ACTIVE_OWNER).first() is not None


def _token(row: Any) -> ApiToken:
    return ApiToken(**row)

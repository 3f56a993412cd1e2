"""Recipients: the people who receive packages."""

from __future__ import annotations

from bakeledger.domain.catalog import Recipient
from bakeledger.domain.slugs import slugify, unique_slug
from bakeledger.services import arguments, dto
from bakeledger.services.dto import build
from bakeledger.uow.base import UnitOfWork


def create_recipient(uow: UnitOfWork, *, name: str, household: str | None = None) -> dto.RecipientDTO:
    """Add someone who receives packages."""
    name, household = arguments.name(name), arguments.optional_name(household, "household")
    uow.ensure_active()
    recipient = uow.recipients.add(
        name=name, slug=unique_slug(slugify(name), uow.recipients.slug_taken), household=household
    )
    return recipient_dto(recipient)


def recipient_dto(r: Recipient) -> dto.RecipientDTO:
    return build(dto.RecipientDTO, id=r.id, uuid=r.uuid, slug=r.slug, name=r.name, household=r.household)

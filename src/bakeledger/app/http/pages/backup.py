"""Backup (owner only): download the whole ledger as one canonical JSON export, and restore an
export into an empty ledger (a ledger that already holds data is refused and left as it is)."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template

from bakeledger.app.http.auth import OWNER
from bakeledger.app.http.pages.common import page
from bakeledger.app.http.problems import status_of
from bakeledger.app.http.units import ledger_of, read, write
from bakeledger.domain.errors import BakeLedgerError, ImportRejected, ValidationError
from bakeledger.domain.numbers import utcnow
from bakeledger.services import exchange

DIGEST_HEADER = "X-Bakeledger-Digest"
PROBLEMS_SHOWN = 20
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def backup_page(request: Request[Any, Any, Any], *, status: int = 200, **extra: Any) -> Template:
    digest = read(request, exchange.state_digest)
    return page(
        request,
        "backup.html",
        status=status,
        digest=digest,
        max_mb=exchange.MAX_DOCUMENT_BYTES // (1024 * 1024),
        **extra,
    )


@get("/backup", opt=OWNER, sync_to_thread=True, include_in_schema=False)
def show_backup(request: Request[Any, Any, Any]) -> Template:
    return backup_page(request)


@get("/backup/export.json", opt=OWNER, sync_to_thread=True, include_in_schema=False)
def download(request: Request[Any, Any, Any]) -> Response[bytes]:
    with ledger_of(request).uow(read_only=True) as uow:  # one snapshot
        document = exchange.export_all(uow)
    data = exchange.canonical_json(document).encode("utf-8")
    if len(data) > exchange.MAX_DOCUMENT_BYTES:
        raise ValidationError(
            field="export",
            value=len(data),
            message=f"the export would be {len(data):,} bytes; a restore reads at most "
            f"{exchange.MAX_DOCUMENT_BYTES:,}",
        )
    name = f"bakeledger-export-{utcnow().date().isoformat()}.json"
    return Response(
        data,
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            DIGEST_HEADER: hashlib.sha256(data).hexdigest(),
            "Cache-Control": "no-store",
        },
    )


@post(
    "/backup/restore",
    opt=OWNER,
    sync_to_thread=True,
    include_in_schema=False,
    request_max_body_size=exchange.MAX_DOCUMENT_BYTES,
)
def restore(request: Request[Any, Any, Any], data: Upload) -> Template:
    upload = data.get("document")
    try:
        if not isinstance(upload, UploadFile):
            raise ValidationError(field="document", message="choose an export file to restore")
        document = exchange.parse_document(upload.file.read(exchange.MAX_DOCUMENT_BYTES + 1))
        report = write(request, exchange.import_all, document=document)
    except BakeLedgerError as error:
        problems = error.problems[:PROBLEMS_SHOWN] if isinstance(error, ImportRejected) else []
        return backup_page(
            request, status=status_of(error), error=error.message, problems=problems, filename=_name(upload)
        )
    return backup_page(request, restored=report.imported, filename=_name(upload))


def _name(upload: Any) -> str | None:
    return upload.filename if isinstance(upload, UploadFile) else None


ROUTES = [show_backup, download, restore]

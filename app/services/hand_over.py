"""The hand-over export for ceasing practice (RULES.md, 703/2023 § 16; issue 14 item 3).

Every register in a folder of its own: per client, the records of that register, the
identity kept with them, the client's requests and log, as JSON and PDF; the bookkeeping
apart; a manifest with counts and each file's SHA-256; a covering letter that says where
each part goes. The export is written into ``<out>.part`` and renamed to ``<out>`` only
when complete, so a failure or a kill leaves no half export under the chosen name.
Nothing is purged. Each client's export is logged.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.db import access_queries, audit
from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.domain.access_answer import plain
from app.domain.delivery import LogEntry
from app.domain.errors import VakkaError, ValidationError
from app.domain.kinds import RegisterKind
from app.files import fsync_dir
from app.i18n import normalize_language
from app.services.access_answer import register_records
from app.services.outputs import require_folder_of
from app.services.session import Session

FORMAT = "vakka-hand-over"
FORMAT_VERSION = 1
DATA_KIND = "hand_over"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class HandOverCancelled(VakkaError):
    def __init__(self) -> None:
        super().__init__("hand_over.cancelled")


@dataclass(frozen=True)
class HandOverResult:
    folder: Path
    counts: dict[RegisterKind, int]
    files: int
    manifest_digest: str


def _write(path: Path, data: bytes) -> dict[str, Any]:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _json(value: Any) -> bytes:
    return (json.dumps(plain(value), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _check_target(out: Path) -> Path:
    out = require_folder_of(out)
    if out.exists() or out.is_symlink():
        raise ValidationError("hand_over.target_exists", field="out")
    return out


def export_all(
    session: Session,
    out: Path,
    lang: str = "fi",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> HandOverResult:
    """Write the hand-over export to the new folder ``out``; the clinical store must be open."""
    from app.export.hand_over import render_client_register, render_covering_letter

    session.require_clinical()
    out = _check_target(out)
    lang = normalize_language(lang)
    part = out.with_name(out.name + ".part")
    shutil.rmtree(part, ignore_errors=True)  # a folder left by an export that was killed
    part.mkdir(mode=0o700)
    conn = session.conn
    practice = repo.load_practice(conn)
    made_at = session.now()
    try:
        everyone = repo.CLIENTS.where(conn, order=("client_number",))
        files: dict[str, dict[str, Any]] = {}
        counts = dict.fromkeys(RegisterKind, 0)
        exported: list[str] = []
        for done, client in enumerate(everyone, start=1):
            if cancelled is not None and cancelled():
                raise HandOverCancelled
            records = access_queries.client_records(conn, client)
            log = [
                LogEntry(r.seq, r.at, r.kind, r.action, r.data_kind, r.purpose, r.user_name,
                         r.user_id, r.ref)
                for r in audit.rows(conn, client.id)
            ]  # fmt: skip
            for kind in RegisterKind:
                register = register_records(
                    records, kind, records.relationships, bookkeeping=False
                )  # the bookkeeping goes apart
                if register is None:
                    continue
                counts[kind] += 1
                base = f"{kind.value}/client-{client.client_number}"
                content = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "register_kind": kind,
                    "client": client,
                    "contact_persons": records.contact_persons,
                    "identity": records.identity,
                    "identity_corrections": records.identity_corrections,
                    "records": register,
                    "requests": records.requests,
                    "log": log,
                }
                files[f"{base}.json"] = _write(part / f"{base}.json", _json(content))
                pdf = render_client_register(
                    practice, lang, made_at, client, records.contact_persons, records.identity,
                    records.identity_corrections, register, records.requests, log,
                )  # fmt: skip
                files[f"{base}.pdf"] = _write(part / f"{base}.pdf", pdf)
            if records.relationships:
                exported.append(client.id or "")
            if progress is not None:
                progress(done, len(everyone))
        invoices = repo.INVOICES.where(conn, order=("issued_on", "id"))
        for invoice in invoices:
            invoice.lines = repo.INVOICE_LINES.where(conn, order=("id",), invoice_id=invoice.id)
        commitments = repo.PAYMENT_COMMITMENTS.where(conn, order=("valid_from", "id"))
        files["bookkeeping/invoices.json"] = _write(
            part / "bookkeeping" / "invoices.json", _json(invoices)
        )
        files["bookkeeping/payment_commitments.json"] = _write(
            part / "bookkeeping" / "payment_commitments.json", _json(commitments)
        )
        bookkeeping = {"invoices": len(invoices), "payment_commitments": len(commitments)}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "made_at": made_at,
            "practice": practice.name,
            "clients": {kind.value: count for kind, count in counts.items()},
            "bookkeeping": bookkeeping,
            "files": files,
        }
        manifest_bytes = _json(manifest)
        _write(part / "manifest.json", manifest_bytes)
        digest = hashlib.sha256(manifest_bytes).hexdigest()
        letter = render_covering_letter(
            practice, lang, made_at, {k: c for k, c in counts.items() if c}, bookkeeping, digest
        )
        _write(part / "covering-letter.pdf", letter)
        for folder in {part, *(p.parent for p in part.rglob("*") if p.is_file())}:
            fsync_dir(folder)
        renamed = False
        try:
            with session.transaction():
                for client_id in exported:
                    session.log(
                        AuditEvent("export", client_id=client_id, data_kind=DATA_KIND,
                                   purpose="export", ref=f"{DATA_KIND}:{out.name}")
                    )  # fmt: skip
                os.rename(part, out)
                renamed = True
        except BaseException:
            if renamed:  # the log could not be committed: the export is not given
                shutil.rmtree(out, ignore_errors=True)
            raise
        fsync_dir(out.parent)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    return HandOverResult(out, counts, len(files) + 2, digest)

"""Import clients from a booking system's CSV file (issue 14 item 2).

``preview`` reads the file (UTF-8, UTF-8 with a BOM or Windows-1252, told apart by
charset-normalizer; comma, semicolon or tab, found by the csv module's Sniffer), maps its
columns and checks every row against the rules and the register's clients; nothing is
written. ``run_import`` then adds the importable rows in ONE transaction, so a failure
or a kill adds all of them or none; rows with problems and duplicates are left out and
reported by line.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from app.db import repositories as repo
from app.db.audit import AuditEvent
from app.domain.client_import import Checked, check_rows, map_columns
from app.domain.errors import VakkaError, ValidationError
from app.services import clients
from app.services.session import Session

MAX_BYTES = 200 * 1024 * 1024
_SNIFF_BYTES = 64 * 1024

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ImportCancelled(VakkaError):
    def __init__(self) -> None:
        super().__init__("import.cancelled")


@dataclass(frozen=True)
class CsvFile:
    encoding: str
    delimiter: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, cells)


@dataclass(frozen=True)
class ImportPreview:
    file: CsvFile
    mapping: dict[int, str]  # column index -> field
    checked: Checked


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding; refused when the bytes are not text."""
    if not data.strip():
        raise ValidationError("import.empty", field="file")
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ValidationError("import.not_csv", field="file")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise ValidationError("import.not_csv", field="file") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=["cp1252", "utf_8"]).best()
    if best is None:
        raise ValidationError("import.not_csv", field="file")
    return str(best), best.encoding


def _delimiter(text: str) -> str:
    sample = text[:_SNIFF_BYTES]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(",;\t", key=first.count)


def read_csv(data: bytes) -> CsvFile:
    text, encoding = decode(data)
    delimiter = _delimiter(text)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ValidationError("import.not_csv", field="file") from None
    numbered = [(n, row) for n, row in enumerate(lines, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise ValidationError("import.empty", field="file")
    (_, headers), *rows = numbered
    return CsvFile(encoding, delimiter, [h.strip() for h in headers], rows)


def read_file(path: Path) -> CsvFile:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError("import.too_big", field="file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError("import.no_file", field="file") from None
    except IsADirectoryError:
        raise ValidationError("import.no_file", field="file") from None
    return read_csv(data)


def preview(session: Session, path: Path, chosen: Mapping[str, str] | None = None) -> ImportPreview:
    """The file read, its columns mapped and every row checked; nothing is written."""
    file = read_file(path)
    mapping = map_columns(file.headers, chosen)
    existing = [
        (c.client_number or 0, c)
        for c in repo.CLIENTS.where(session.conn)
        if c.first_name or c.last_name
    ]
    return ImportPreview(file, mapping, check_rows(file.rows, mapping, existing))


def run_import(
    session: Session,
    plan: ImportPreview,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Add the importable rows in one transaction; logged with the count (no names).
    ImportCancelled before the commit leaves the register as it was."""
    to_add = plan.checked.importable
    total = len(to_add)
    with session.transaction():
        for done, client in enumerate(to_add, start=1):
            clients.add_client(session, client)
            if done % 200 == 0 or done == total:
                if cancelled is not None and cancelled():
                    raise ImportCancelled
                if progress is not None:
                    progress(done, total)
        session.log(AuditEvent("clients.import", data_kind="clients", ref=f"count:{total}"))
    return total

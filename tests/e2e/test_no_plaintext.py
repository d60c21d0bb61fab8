"""After `vakka demo`, no name, hetu or note text is readable in any file the program wrote."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.db.vault import Secret
from app.services import register as register_service
from tests.conftest import PASSPHRASE
from tests.e2e.cli_helpers import run_vakka


def _needles(folder: Path) -> list[str]:
    """Names, hetus and note texts from the register, read back through the services."""
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    try:
        conn = session.conn
        names = [
            value
            for row in conn.execute("SELECT first_name, last_name, email FROM clients")
            for value in row
            if value and len(value) >= 5
        ]
        hetus = [row[0] for row in conn.execute("SELECT hetu FROM clinical.identities") if row[0]]
        notes = [
            row[0][:24]
            for row in conn.execute("SELECT body FROM clinical.notes WHERE body IS NOT NULL")
            if len(row[0]) >= 24
        ]

    finally:
        session.close()
    assert len(names) > 20 and len(hetus) > 5 and len(notes) > 5
    return sorted(set(names))[:200] + hetus + notes


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def _files_containing(roots: list[Path], needles: list[str]) -> dict[str, list[str]]:
    patterns = [(needle, enc) for needle in needles for enc in _encodings(needle)]
    found: dict[str, list[str]] = {}
    for root in roots:
        for path in root.rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            hits = sorted({needle for needle, enc in patterns if enc in data})
            if hits:
                found[str(path)] = hits
    return found


def test_no_plaintext_on_disk(tmp_path: Path, isolated_environment: Path) -> None:
    folder = tmp_path / "register"
    result = run_vakka("demo", "--register", str(folder), "--clients", "80")
    assert result.returncode == 0, result.stderr
    backup = tmp_path / "backup.vakka"
    assert run_vakka("backup", "--out", str(backup), "--register", str(folder)).returncode == 0
    needles = _needles(folder)
    written = [folder, isolated_environment, backup.parent]

    # Positive control: the same data in an unencrypted SQLite file, in UTF-8 and UTF-16,
    # must be found by the same scan — otherwise the scan proves nothing.
    control = tmp_path / "control"
    control.mkdir()
    for encoding in ("UTF-8", "UTF-16le"):
        db = sqlite3.connect(control / f"plain-{encoding}.db")
        db.execute(f"PRAGMA encoding = '{encoding}'")
        db.execute("CREATE TABLE t (v TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [(n,) for n in needles])
        db.commit()
        db.close()
    control_hits = _files_containing([control], needles)
    assert len(control_hits) == 2
    assert all(len(hits) == len(set(needles)) for hits in control_hits.values())

    leaks = _files_containing([p for p in written if p != tmp_path], needles)
    leaks = {path: hits for path, hits in leaks.items() if not path.startswith(str(control))}
    assert leaks == {}

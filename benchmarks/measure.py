"""The figures measured in the benchmark's own process, on the generated register."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import time
from datetime import date
from pathlib import Path
from typing import Any

import sqlcipher3

from app.db.keyfile import default_kdf
from app.db.vault import Secret
from app.services import backup, clinical, purge, retention
from app.services import register as register_service
from app.services.audit_view import client_log
from app.services.session import Session
from app.ui.client_view import load_header
from app.ui.tabs.appointments_tab import load_appointments_data
from app.ui.tabs.billing_tab import load_billing
from app.ui.tabs.clinical_tab import load_clinical
from app.ui.tabs.consents_tab import load_consents
from app.ui.tabs.contact_tab import load_contact_data
from app.ui.tabs.requests_tab import load_requests
from benchmarks.answer import answer_figures
from benchmarks.data import PASSPHRASE, WORDS, Generated
from benchmarks.stats import median, percentile, timed


def unlock_ratio(folder: Path, repeats: int) -> dict[str, float]:
    """Unlock of both stores against one key derivation with the key file's parameters."""
    kdf = default_kdf()
    salt = os.urandom(16)

    def derive() -> None:
        hashlib.scrypt(b"x" * 40, salt=salt, n=kdf.n, r=kdf.r, p=kdf.p, maxmem=kdf.maxmem, dklen=32)

    def unlock() -> None:
        register_service.unlock(folder, Secret(passphrase=PASSPHRASE)).close()

    unlock()  # the first one settles the files and the log
    unlocks = [timed(unlock) for _ in range(repeats)]
    derivations = [timed(derive) for _ in range(repeats)]
    return {
        "unlock_s": median(unlocks),
        "key_derivation_s": median(derivations),
        "unlock_ratio": median(unlocks) / median(derivations),
    }


def open_client(session: Session, client_id: str) -> None:
    """What opening a client fetches: the header and every tab's data, as the tabs do."""
    load_header(session, client_id)
    for fetch in (
        load_contact_data,
        load_appointments_data,
        load_billing,
        load_consents,
        load_clinical,
        load_requests,
        client_log,
    ):
        fetch(session, client_id)


def purge_tenth(backup_file: Path, folder: Path, data: Generated, rng: random.Random) -> float:
    """A purge of everything of a tenth of the clients, on a restored copy, in a far
    future when all of it is due (the whole run: plan again, delete, commit, vacuum)."""
    backup.restore_backup(backup_file, folder, Secret(passphrase=PASSPHRASE))
    session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    try:
        chosen = set(rng.sample(data.client_ids, max(len(data.client_ids) // 10, 1)))
        plan = purge.plan_purge(session, today=date(2200, 1, 1), client_ids=chosen)
        begun = time.perf_counter()
        purge.run_purge(session, plan)
        return time.perf_counter() - begun
    finally:
        session.close()
        shutil.rmtree(folder, ignore_errors=True)


def session_figures(data: Generated, repeats: int) -> dict[str, float]:
    rng = random.Random(5)
    session = register_service.unlock(data.folder, Secret(passphrase=PASSPHRASE))
    try:
        sample = [data.heavy_client, *rng.sample(data.client_ids, min(40, len(data.client_ids)))]
        opening: list[float] = []
        for client in [*sample, *[data.heavy_client] * 5]:
            begun = time.perf_counter()
            open_client(session, client)
            opening.append(time.perf_counter() - begun)

        searching: list[float] = []
        for word in rng.sample(WORDS, 12):
            for client in (data.heavy_client, *sample[1:4]):
                begun = time.perf_counter()
                clinical.search_notes(session, client, word)
                searching.append(time.perf_counter() - begun)
        backups: list[float] = []
        restores: list[float] = []
        work = data.folder.parent / "backups"
        work.mkdir(exist_ok=True)
        target = work / "copy.vakka"
        for attempt in range(max(repeats // 2, 2)):
            backups.append(timed(lambda: backup.create_backup(session, target, overwrite=True)))
            restored = work / f"restored-{attempt}"
            begun = time.perf_counter()
            problems = backup.restore_backup(target, restored, Secret(passphrase=PASSPHRASE))
            restores.append(time.perf_counter() - begun)
            if problems:
                raise RuntimeError(f"restore found problems: {problems}")
            shutil.rmtree(restored)
        key = session.register.data_key_for_keyring()
        # The due computation of every unlock, lock and close (counted in groups), and the
        # purge review's verdict for every record (opened by hand, with progress).
        dues = [timed(lambda: retention.due_overview(session)) for _ in range(repeats)]
        reviews = [timed(lambda: retention.review(session)) for _ in range(2)]
        answers = answer_figures(session, data.heavy_client, work, repeats)
    finally:
        session.close()
    purge_seconds = purge_tenth(target, work / "purge-copy", data, rng)
    return {
        "due_computation_ms": 1000 * median(dues),
        "purge_review_verdicts_s": median(reviews),
        "purge_10_percent_s": purge_seconds,
        "open_client_p50_ms": 1000 * median(opening),
        "open_client_p95_ms": 1000 * percentile(opening, 0.95),
        "note_search_p50_ms": 1000 * median(searching),
        "note_search_p95_ms": 1000 * percentile(searching, 0.95),
        "backup_verify_s": median(backups),
        "restore_s": median(restores),
    } | answers | encryption_ratio(data, key, repeats)


def _connect(main: Path, clinical_store: Path, key: bytes | None) -> Any:
    conn = sqlcipher3.connect(str(main))
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute(
            "ATTACH DATABASE ? AS clinical KEY ?", (str(clinical_store), f"x'{key.hex()}'")
        )
    else:
        conn.execute("ATTACH DATABASE ? AS clinical", (str(clinical_store),))
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _query_set(conn: Any, data: Generated) -> None:
    """The reads behind the client list, the agenda, opening clients and note search."""
    conn.execute(
        "SELECT id, client_number, first_name, last_name, nickname, phone, email, "
        "secure_address FROM clients ORDER BY client_number"
    ).fetchall()
    conn.execute(
        "SELECT client_id, register_kind, controller, ended_on FROM relationships"
    ).fetchall()
    conn.execute(
        "SELECT * FROM appointments WHERE starts_at >= '2026-11-23' AND starts_at < '2026-11-30' "
        "ORDER BY starts_at"
    ).fetchall()
    for client in data.client_ids[:: max(len(data.client_ids) // 20, 1)]:
        conn.execute("SELECT * FROM appointments WHERE client_id = ?", (client,)).fetchall()
        conn.execute("SELECT * FROM invoices WHERE client_id = ?", (client,)).fetchall()
        conn.execute("SELECT * FROM clinical.notes WHERE client_id = ?", (client,)).fetchall()
    conn.execute(
        "SELECT * FROM clinical.notes WHERE client_id = ? ORDER BY written_at", (data.heavy_client,)
    ).fetchall()
    for word in WORDS[:8]:
        conn.execute(
            "SELECT rowid FROM clinical.notes_fts WHERE notes_fts MATCH ?", (f'"{word}"',)
        ).fetchall()
    conn.execute("SELECT count(*), sum(length(body)) FROM clinical.notes").fetchall()


def encryption_ratio(data: Generated, key: bytes, repeats: int) -> dict[str, float]:
    """The same query set on the same data: SQLCipher against plain SQLite (the same
    library, the same page cache), as a ratio of medians."""
    plain_dir = data.folder.parent / "plain"
    plain_dir.mkdir(exist_ok=True)
    plain_main, plain_clinical = plain_dir / "register.db", plain_dir / "clinical.db"
    for path in (plain_main, plain_clinical):
        path.unlink(missing_ok=True)
    encrypted = _connect(data.folder / "register.db", data.folder / "clinical.db", key)
    encrypted.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain_main),))
    encrypted.execute("SELECT sqlcipher_export('plain')")
    encrypted.execute("DETACH DATABASE plain")
    encrypted.execute("ATTACH DATABASE ? AS plainc KEY ''", (str(plain_clinical),))
    encrypted.execute("SELECT sqlcipher_export('plainc', 'clinical')")
    encrypted.execute("DETACH DATABASE plainc")
    plain = _connect(plain_main, plain_clinical, None)
    try:
        cipher_times: list[float] = []
        plain_times: list[float] = []
        _query_set(encrypted, data)
        _query_set(plain, data)
        for _ in range(repeats):
            cipher_times.append(timed(lambda: _query_set(encrypted, data)))
            plain_times.append(timed(lambda: _query_set(plain, data)))
    finally:
        encrypted.close()
        plain.close()
        shutil.rmtree(plain_dir)
    return {
        "query_set_sqlcipher_s": median(cipher_times),
        "query_set_plain_s": median(plain_times),
        "encryption_ratio": median(cipher_times) / median(plain_times),
    }

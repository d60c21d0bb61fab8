"""Store a small register of the current schema version under tests/data/registers/vN.

Run once per schema version, when the version is introduced; the stored folders are
never regenerated afterwards, so every past version keeps a register that must open.
Cheap key derivation, invented data, temporary hetus only.

    .venv/bin/python scripts/store_test_register.py
"""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.db.keyfile import FAST_INSECURE_KDF  # noqa: E402
from app.db.migrations import SCHEMA_VERSION  # noqa: E402
from app.services import clients  # noqa: E402
from app.services import register as register_service  # noqa: E402
from app.services.demo import populate_demo  # noqa: E402

PASSPHRASE = "Stored test register passphrase 2026"
CLIENTS = 12


def main() -> int:
    target = ROOT / "tests" / "data" / "registers" / f"v{SCHEMA_VERSION}"
    if target.exists():
        print(f"{target} exists; stored registers are never regenerated")
        return 1
    stamp = datetime(2026, 11, 23, 9, 0).astimezone()
    work = target.with_name(target.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    created = register_service.create(
        work / "register", PASSPHRASE, kdf=FAST_INSECURE_KDF, clock=lambda: stamp
    )
    session = created.session
    try:
        populate_demo(session, clients=CLIENTS)
        expected = {
            "schema_version": SCHEMA_VERSION,
            "passphrase": PASSPHRASE,
            "recovery_code": created.recovery_code,
            "clients": sorted(s.name for s in clients.list_clients(session)),
            "notes": session.conn.execute("SELECT count(*) FROM clinical.notes").fetchone()[0],
            "audit_rows": session.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        }
    finally:
        session.close()
    for leftover in ("vakka.lock", "vakka.lock.owner"):
        (work / "register" / leftover).unlink(missing_ok=True)
    (work / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    work.rename(target)
    print(f"stored {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

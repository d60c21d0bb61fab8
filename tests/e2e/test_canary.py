"""Canaries (issue 13 item 4): a full scripted session — a register, a client with a
unique name and a temporary hetu, a note with a unique text, the hetu revealed in the
client view, an access answer written to a chosen folder, a backup by hand and a managed
backup, the lock — leaves the name, hetu and note text in no file under HOME, the XDG
folders and TMPDIR, in UTF-8 or UTF-16; only the answer the user chose to write holds them.

The session runs in a subprocess (tests/e2e/canary_session.py under pytest, for the GUI
fixtures) whose environment points every folder under this test's temporary folder from
its start; it also scans the files it holds open (/proc/self/fd) during the session.
Complements test_no_plaintext.py (a demo register and a CLI backup), reusing its search.
"""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_no_plaintext import _encodings, _files_containing
from tests.helpers import temporary_hetu

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc"),
]
ROOT = Path(__file__).resolve().parents[2]


def _word(prefix: str) -> str:
    return prefix + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


def test_canaries_stay_in_the_chosen_exports(tmp_path: Path) -> None:
    name = f"{_word('Kanari')} {_word('Lintunen')}"
    hetu = temporary_hetu("170584", "-", 900 + secrets.randbelow(100))
    note = f"Kirjaus {_word('kanariatunniste')} istunnosta"
    home, tmp, exports, backups = (tmp_path / n for n in ("home", "tmp", "exports", "backups"))
    for folder in (home, tmp, exports, backups):
        folder.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "VAKKA_", "PYTEST_"))
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        TMPDIR=str(tmp),
        QT_QPA_PLATFORM="offscreen",
        VAKKA_CANARY_NAME=name,
        VAKKA_CANARY_HETU=hetu,
        VAKKA_CANARY_NOTE=note,
        VAKKA_CANARY_EXPORTS=str(exports),
        VAKKA_CANARY_BACKUPS=str(backups),
    )
    session = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         "--basetemp", str(tmp_path / "session"), "tests/e2e/canary_session.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert session.returncode == 0, session.stdout[-4000:] + session.stderr[-2000:]
    assert "1 passed" in session.stdout

    needles = [name, *name.split(), hetu, note]
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "register.db" for p in written)
    assert len(list(backups.rglob("*.vakka"))) == 2
    found = _files_containing([tmp_path], needles)
    chosen = {str(exports / "answer.pdf"), str(exports / "answer.json")}
    assert set(found) <= chosen, {p: h for p, h in found.items() if p not in chosen}
    # The search sees what is there: the JSON answer the user chose to write holds them.
    assert set(found.get(str(exports / "answer.json"), [])) >= {name, hetu, note}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be"])
def test_the_search_finds_a_planted_canary(tmp_path: Path, encoding: str) -> None:
    """Positive control: the same search over the same kind of folder finds a planted canary."""
    canary = f"{_word('Kanari')} 170584-9{secrets.randbelow(100):02d}X ääkkönen"
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "planted.bin").write_bytes(
        os.urandom(100) + canary.encode(encoding) + os.urandom(100)
    )
    (tmp_path / "clean.bin").write_bytes(os.urandom(300))
    assert canary.encode(encoding) in _encodings(canary)
    assert _files_containing([tmp_path], [canary]) == {
        str(tmp_path / "deep" / "er" / "planted.bin"): [canary]
    }

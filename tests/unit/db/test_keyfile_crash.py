"""A passphrase change cut short at any point leaves a register that opens.

The key file has two copies, each written atomically (temporary file, fsync, rename,
fsync of the folder). Whatever step a crash interrupts, the register must open with
the old or the new passphrase, and the first open makes both copies equal again.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import app.files
from app.db.keyfile import FAST_INSECURE_KDF
from app.db.vault import Register, Secret, create_register, open_register
from app.domain.errors import WrongSecretError
from tests.conftest import PASSPHRASE, fixed_clock

NEW_PASSPHRASE = "Quite another passphrase for the tests 2027"
REPO_ROOT = Path(__file__).resolve().parents[3]


class SimulatedCrash(BaseException):
    """Raised in place of the n-th rename, like a power cut at that instant."""


class ReplaceFault:
    """Counts os.replace calls into the register folder; crashes at the n-th one.

    ``after`` decides whether the crash comes just before the rename or just after it
    (before the folder is fsynced).
    """

    def __init__(self, folder: Path, crash_at: int, after: bool) -> None:
        self.folder = folder
        self.crash_at = crash_at
        self.after = after
        self.calls = 0
        self.crashed = False
        self.armed = True
        self._real = os.replace

    def __call__(self, src: os.PathLike[str] | str, dst: os.PathLike[str] | str) -> None:
        if not self.armed or Path(dst).parent != self.folder:
            self._real(src, dst)
            return
        self.calls += 1
        if self.calls == self.crash_at:
            self.crashed = True
            if self.after:
                self._real(src, dst)
            raise SimulatedCrash
        self._real(src, dst)


def _new_closed_register(folder: Path) -> str:
    register, code = create_register(folder, PASSPHRASE, FAST_INSECURE_KDF, fixed_clock)
    register.close()
    return code


def _open_with_either(folder: Path) -> tuple[Register, str]:
    """The register opened with the old or else the new passphrase (AssertionError if neither)."""
    for passphrase in (PASSPHRASE, NEW_PASSPHRASE):
        try:
            register = open_register(folder, Secret(passphrase=passphrase), clock=fixed_clock)
        except WrongSecretError:
            continue
        return register, passphrase
    raise AssertionError("the register opens with neither the old nor the new passphrase")


def _copies_equal(folder: Path) -> bool:
    return (folder / "vakka.key").read_bytes() == (folder / "vakka.key.bak").read_bytes()


@pytest.mark.parametrize("after", [False, True], ids=["before-rename", "after-rename"])
def test_passphrase_change_cut_short_at_every_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: bool
) -> None:
    crash_points = 0
    for crash_at in range(1, 20):
        folder = tmp_path / f"crash-{crash_at}"
        code = _new_closed_register(folder)
        register = open_register(folder, Secret(passphrase=PASSPHRASE), clock=fixed_clock)
        fault = ReplaceFault(folder, crash_at, after)
        with monkeypatch.context() as patch:
            patch.setattr(app.files.os, "replace", fault)
            try:
                register.change_passphrase(NEW_PASSPHRASE, FAST_INSECURE_KDF)
            except SimulatedCrash:
                pass
            finally:
                fault.armed = False
        # After the "crash" the stores are closed and the lock released; the key files
        # are left exactly as the interrupted change left them.
        register.close()

        if not fault.crashed:
            # Every step has been interrupted once; this run went through.
            assert _copies_equal(folder)
            reopened, used = _open_with_either(folder)
            reopened.close()
            assert used == NEW_PASSPHRASE
            break
        crash_points += 1
        leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == [], "a failed atomic write leaves no temporary file"

        reopened, used = _open_with_either(folder)
        try:
            assert _copies_equal(folder), f"copies differ after opening (crash at {crash_at})"
            # The unlock that repaired a copy says so once; the next one finds nothing.
            assert set(reopened.check()) <= {"check.key_file_repaired"}
        finally:
            reopened.close()
        again, _used = _open_with_either(folder)
        try:
            assert again.check() == []
        finally:
            again.close()
        # Whichever passphrase opened is now the only one; the other is refused.
        other = NEW_PASSPHRASE if used == PASSPHRASE else PASSPHRASE
        with pytest.raises(WrongSecretError):
            open_register(folder, Secret(passphrase=other), clock=fixed_clock)
        # The recovery code is not touched by a passphrase change.
        open_register(folder, Secret(recovery_code=code), clock=fixed_clock).close()
        if crash_at == 1 and not after:
            assert used == PASSPHRASE  # nothing was replaced yet
    # A passphrase change renames the primary and then the copy.
    assert crash_points == 2


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_passphrase_change_killed_at_random_moments(tmp_path: Path) -> None:
    """A real process changing the passphrase back and forth, killed with SIGKILL."""
    folder = tmp_path / "register"
    code = _new_closed_register(folder)
    script = textwrap.dedent(
        """
        import os, sys
        from pathlib import Path
        from app.db.keyfile import FAST_INSECURE_KDF
        from app.db.vault import Secret, open_register
        from app.domain.errors import WrongSecretError

        folder = Path(sys.argv[1])
        a, b = os.environ["VAKKA_TEST_OLD"], os.environ["VAKKA_TEST_NEW"]
        try:
            register, current = open_register(folder, Secret(passphrase=a)), a
        except WrongSecretError:
            register, current = open_register(folder, Secret(passphrase=b)), b
        print("ready", flush=True)
        while True:
            current = b if current == a else a
            register.change_passphrase(current, FAST_INSECURE_KDF)
        """
    )
    env = dict(
        os.environ,
        VAKKA_TEST_OLD=PASSPHRASE,
        VAKKA_TEST_NEW=NEW_PASSPHRASE,
        PYTHONPATH=str(REPO_ROOT),
    )
    rng = random.Random(20261123)
    opened_with: list[str] = []
    for _iteration in range(25):
        process = subprocess.Popen(
            [sys.executable, "-c", script, str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO_ROOT,
        )
        try:
            assert process.stdout is not None
            ready = process.stdout.readline()
            assert ready == b"ready\n", process.stderr.read() if process.stderr else b""
            time.sleep(rng.uniform(0.0, 0.3))
            assert process.poll() is None, "the child stopped by itself"
        finally:
            process.kill()
            process.wait(timeout=30)
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        assert process.returncode == -9

        register, used = _open_with_either(folder)
        try:
            assert _copies_equal(folder)
            assert set(register.check()) <= {"check.key_file_repaired"}
        finally:
            register.close()
        opened_with.append(used)
    # The child really did change the passphrase: both ended up current at some kill.
    assert set(opened_with) == {PASSPHRASE, NEW_PASSPHRASE}
    open_register(folder, Secret(recovery_code=code), clock=fixed_clock).close()

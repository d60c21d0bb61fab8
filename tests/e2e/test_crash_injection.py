"""Kill the real `vakka` just before each rename, fsync, unlink and write it makes.

strace injects SIGKILL at the K-th call of one system call (``-e inject=S:signal=KILL:when=K``),
for K = 1, 2, 3, … over the calls a clean run makes (every K where there are few, an even
spread where there are hundreds). After every kill: the register opens with the old or the
new secret, `vakka check` exits 0, every client is there, and the recovery code in force
is one the practitioner has been shown (or is shown again at the next unlock).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.db.seen_heads import seen_folder
from app.db.vault import Secret
from app.domain.errors import WrongSecretError
from app.services import clients
from app.services import register as register_service
from tests.conftest import PASSPHRASE
from tests.e2e.cli_helpers import VAKKA, isolated_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed"),
]

NEW_PASSPHRASE = "A second long passphrase for crash tests"
SYSCALLS = ("rename", "renameat", "renameat2", "fsync", "fdatasync", "unlink", "unlinkat")
WRITES = ("write", "pwrite64")
# Every K up to this many calls; past it an even spread of this many points (the first
# and the last calls always among them).
EVERY_K_UP_TO = 40
SPREAD = 25
RECOVERY_CODE = re.compile(r"^[0-9A-Z]{6}(-[0-9A-Z]{6}){8}$")


@dataclass
class Pristine:
    folder: Path
    code: str
    names: list[str]
    backup: Path
    env: dict[str, str]


@dataclass
class Outcome:
    killed: bool
    stdout: str
    runs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    base = tmp_path_factory.mktemp("crash-base")
    env = {**os.environ, **isolated_env(base / "home"), "VAKKA_PASSPHRASE": PASSPHRASE}
    env.pop("VAKKA_RECOVERY_CODE", None)
    folder = base / "register"
    made = subprocess.run(
        [*VAKKA, "demo", "--clients", "4", "--register", str(folder)],
        capture_output=True, text=True, env=env, check=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    code = next(w for w in made.stdout.split() if RECOVERY_CODE.match(w))
    backup = base / "pristine.vakka"
    subprocess.run(
        [*VAKKA, "backup", "--out", str(backup), "--register", str(folder)],
        capture_output=True, env=env, check=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    return Pristine(folder, code, client_names(folder, Secret(passphrase=PASSPHRASE)), backup, env)


def client_names(folder: Path, secret: Secret) -> list[str]:
    session = register_service.unlock(folder, secret)
    try:
        return sorted(c.name for c in clients.list_clients(session))
    finally:
        session.close()


def opens(folder: Path, secret: Secret) -> bool:
    try:
        register_service.unlock(folder, secret, clinical=False).close()
    except WrongSecretError:
        return False
    return True


def call_counts(argv: list[str], env: dict[str, str], prepare: Callable[[], None]) -> Counter[str]:
    """How often a clean run calls each system call of interest."""
    prepare()
    summary = subprocess.run(
        ["strace", "-f", "-qq", "-o", "/dev/stderr", "-e", "trace=" + ",".join(SYSCALLS + WRITES),
         *argv],
        capture_output=True, text=True, env=env, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert summary.returncode == 0, summary.stdout
    counts: Counter[str] = Counter()
    for line in summary.stderr.splitlines():
        match = re.match(r"^(?:\[pid\s+\d+\]\s+|\d+\s+)?(\w+)\(", line)
        if match and match.group(1) in SYSCALLS + WRITES:
            counts[match.group(1)] += 1
    return counts


def kill_points(count: int) -> list[int]:
    if count <= EVERY_K_UP_TO:
        return list(range(1, count + 1))
    spread = {1 + round(i * (count - 1) / (SPREAD - 1)) for i in range(SPREAD)}
    return sorted(spread | {1, 2, 3, count - 1, count})


def run_killed(argv: list[str], env: dict[str, str], syscall: str, when: int) -> Outcome:
    ran = subprocess.run(
        ["strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={syscall}",
         "-e", f"inject={syscall}:signal=KILL:when={when}", *argv],
        capture_output=True, text=True, env=env, check=False, stdin=subprocess.DEVNULL,
        timeout=120,
    )  # fmt: skip
    assert "Traceback" not in ran.stderr, ran.stderr
    return Outcome(killed=ran.returncode != 0, stdout=ran.stdout)


def assert_checks_clean(folder: Path, passphrase: str) -> None:
    """What `vakka check` decides its exit code by (the CLI runs once per test as well)."""
    session = register_service.unlock(folder, Secret(passphrase=passphrase))
    try:
        assert register_service.check(session) == []
    finally:
        session.close()


def assert_cli_check_passes(folder: Path, passphrase: str, env: dict[str, str]) -> None:
    checked = subprocess.run(
        [*VAKKA, "check", "--register", str(folder)],
        capture_output=True, text=True, env={**env, "VAKKA_PASSPHRASE": passphrase},
        check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr


def each_kill(
    pristine: Pristine,
    argv_for: Callable[[Path], list[str]],
    env: dict[str, str],
    work: Path,
) -> Iterator[tuple[str, int, Path, Outcome]]:
    """A fresh copy of the register for every kill point of every system call."""
    folder = work / "register"

    def fresh() -> None:
        for path in work.iterdir():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        shutil.copytree(pristine.folder, folder)
        # A copy put back where the last run left a newer one is what rollback detection
        # reports (issue 13): each kill starts from what this computer has not seen yet.
        shutil.rmtree(seen_folder(), ignore_errors=True)
        if "XDG_DATA_HOME" in env:
            shutil.rmtree(Path(env["XDG_DATA_HOME"]) / "Vakka" / "seen", ignore_errors=True)

    counts = call_counts(argv_for(folder), env, fresh)
    assert counts, "the clean run made none of the system calls"
    for syscall, count in sorted(counts.items()):
        for when in kill_points(count):
            fresh()
            yield syscall, when, folder, run_killed(argv_for(folder), env, syscall, when)


def test_kill_during_a_new_recovery_code(pristine: Pristine, tmp_path: Path) -> None:
    kills = 0
    for syscall, when, folder, outcome in each_kill(
        pristine,
        lambda folder: [*VAKKA, "recovery-code", "--new", "--register", str(folder)],
        pristine.env,
        tmp_path,
    ):
        where = f"killed before {syscall} #{when}"
        kills += outcome.killed
        assert client_names(folder, Secret(passphrase=PASSPHRASE)) == pristine.names, where
        assert_checks_clean(folder, PASSPHRASE)
        assert not list(folder.glob("*.rekey")), where
        if opens(folder, Secret(recovery_code=pristine.code)):
            continue  # the old code, shown when the register was made, is still in force
        printed = [w for w in outcome.stdout.split() if RECOVERY_CODE.match(w)]
        session = register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
        try:
            if not printed:
                # Never shown: the next unlock must say so and show it.
                assert register_service.recovery_code_unconfirmed(session), where
            in_force = register_service.show_recovery_code(session, PASSPHRASE)
        finally:
            session.close()
        if printed:
            assert printed == [in_force], where
        assert opens(folder, Secret(recovery_code=in_force)), where
    assert_cli_check_passes(folder, PASSPHRASE, pristine.env)
    assert kills > 50


def test_kill_during_a_passphrase_change(pristine: Pristine, tmp_path: Path) -> None:
    env = {**pristine.env, "VAKKA_NEW_PASSPHRASE": NEW_PASSPHRASE}
    kills = 0
    for syscall, when, folder, outcome in each_kill(
        pristine, lambda folder: [*VAKKA, "passphrase", "--register", str(folder)], env, tmp_path
    ):
        where = f"killed before {syscall} #{when}"
        kills += outcome.killed
        in_force = [p for p in (PASSPHRASE, NEW_PASSPHRASE) if opens(folder, Secret(passphrase=p))]
        assert in_force, where
        assert_checks_clean(folder, in_force[0])
        assert client_names(folder, Secret(recovery_code=pristine.code)) == pristine.names, where
        if outcome.killed and (syscall, when) == ("rename", 1):
            assert_cli_check_passes(folder, in_force[0], pristine.env)
    assert kills > 10


def test_kill_during_a_backup(pristine: Pristine, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    kills = 0
    for syscall, when, folder, outcome in each_kill(
        pristine,
        lambda folder: [*VAKKA, "backup", "--out", str(folder.parent / "out.vakka"),
                        "--register", str(folder)],
        pristine.env,
        work,
    ):
        where = f"killed before {syscall} #{when}"
        kills += outcome.killed
        assert client_names(folder, Secret(passphrase=PASSPHRASE)) == pristine.names, where
        assert_checks_clean(folder, PASSPHRASE)
        out = folder.parent / "out.vakka"
        if out.exists():  # all or nothing: a backup that exists restores whole
            restored = tmp_path / f"restored-{syscall}-{when}"
            register_service_restore(out, restored, pristine.env)
            assert client_names(restored, Secret(passphrase=PASSPHRASE)) == pristine.names, where
            shutil.rmtree(restored)
        # The next backup to the same place works and sweeps what the killed one left.
        again = subprocess.run(
            [*VAKKA, "backup", "--force", "--out", str(out), "--register", str(folder)],
            capture_output=True, text=True, env=pristine.env, check=False,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert sorted(p.name for p in folder.parent.iterdir()) == ["out.vakka", "register"], where
    assert kills > 10


def register_service_restore(backup: Path, target: Path, env: dict[str, str]) -> None:
    restored = subprocess.run(
        [*VAKKA, "restore", str(backup), "--register", str(target)],
        capture_output=True, text=True, env=env, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr


def test_kill_during_a_restore(pristine: Pristine, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    before = pristine.backup.read_bytes()
    kills = 0
    for syscall, when, folder, outcome in each_kill(
        pristine,
        lambda folder: [*VAKKA, "restore", str(pristine.backup),
                        "--register", str(folder.parent / "restored")],
        pristine.env,
        work,
    ):
        where = f"killed before {syscall} #{when}"
        kills += outcome.killed
        target = folder.parent / "restored"
        if target.exists():  # all or nothing: a restored register is whole
            assert client_names(target, Secret(passphrase=PASSPHRASE)) == pristine.names, where
            assert_checks_clean(target, PASSPHRASE)
        else:
            register_service_restore(pristine.backup, target, pristine.env)
        # Opening or restoring the register sweeps what the killed restore left beside it.
        assert sorted(p.name for p in folder.parent.iterdir()) == ["register", "restored"], where
        assert pristine.backup.read_bytes() == before, where
    assert kills > 10

"""The README's promises: the recovery-code lines, and the CI script runs its test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.cli_helpers import run_vakka

ROOT = Path(__file__).resolve().parents[2]


def _recovery_lines() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- recovery-lines -->", 1)[1].split("```python\n", 1)[1]
    return block.split("```", 1)[0]


def test_readme_lines_open_both_stores_with_only_sqlcipher3(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    result = run_vakka("demo", "--register", str(folder), "--clients", "12")
    assert result.returncode == 0, result.stderr
    code = next(
        line.split(": ", 1)[1] for line in result.stdout.splitlines() if "Recovery code" in line
    )
    lines = _recovery_lines()
    assert len(lines.strip().splitlines()) == 2
    guard = (
        "\nimport sys\n"
        "assert not [m for m in sys.modules if m == 'app' or m.startswith('app.')]\n"
        "print(db.execute('SELECT count(*) FROM identities').fetchone()[0])\n"
    )
    ran = subprocess.run(
        [sys.executable, "-I", "-c", lines + guard],
        input=code.lower() + "\n",
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    out = ran.stdout.splitlines()
    assert any("register.db [" in line and "'clients'" in line for line in out)
    assert any("clinical.db [" in line and "'notes'" in line for line in out)
    assert int(out[-1]) > 0


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run's own extraction finds exactly the README's test command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("```sh") == 2, "the README has exactly two set-up commands"
    test_command = readme.split("Run the whole test suite", 1)[1].split("```sh\n", 1)[1]
    test_command = test_command.split("\n", 1)[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    extraction = next(line for line in ci.splitlines() if line.startswith("cmd=$(awk"))
    awk_program = extraction.split("'", 2)[1]
    found = subprocess.run(
        ["awk", awk_program, str(ROOT / "README.md")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert found == test_command
    assert "pytest" in found and ".[test]" in found and ".venv" in found
    assert 'bash -c "$cmd"' in ci

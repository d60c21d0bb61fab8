"""Check a PyInstaller one-folder build of Vakka; exit non-zero when something is missing.

    python packaging/check_build.py build/dist/vakka [--pdf]

Checks that the folder holds both programs, the message catalogs (fi, sv, en), the
fonts with their licence, Qt's own fi/sv translations and the SQLCipher extension, that
``vakka --version`` runs from the build, and reports the unpacked size against the
250 MB budget. With ``--pdf`` it also makes a demo register with the built ``vakka``
and writes an access answer PDF, which shows the frozen program finds its fonts and
catalogs. Runs with any Python 3.11+, without Vakka's dependencies.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BUDGET_MB = 250
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""


def folder_size(root: Path) -> int:
    total = 0
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            path = Path(dirpath) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def find_one(root: Path, pattern: str) -> Path | None:
    return next(iter(sorted(root.rglob(pattern))), None)


def check_contents(build: Path) -> list[str]:
    problems: list[str] = []
    internal = build / "_internal"
    if not internal.is_dir():  # PyInstaller before 6 put everything at the top
        internal = build
    for program in ("vakka", "vakka-app"):
        if not (build / (program + EXE_SUFFIX)).is_file():
            problems.append(f"missing program: {program}{EXE_SUFFIX}")
    for lang in ("fi", "sv", "en"):
        mo = internal / "app" / "i18n" / "locale" / lang / "LC_MESSAGES" / "vakka.mo"
        if not mo.is_file():
            problems.append(f"missing catalog: {mo.relative_to(build)}")
    fonts = internal / "resources" / "fonts"
    for name in (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSansMono.ttf",
        "LICENSE-DejaVu.txt",
    ):
        if not (fonts / name).is_file():
            problems.append(f"missing font file: resources/fonts/{name}")
    if not (internal / "resources" / "icons" / "vakka.png").is_file():
        problems.append("missing icon: resources/icons/vakka.png")
    for name in ("qtbase_fi.qm", "qtbase_sv.qm"):
        if find_one(internal, name) is None:
            problems.append(f"missing Qt translation: {name}")
    extension = find_one(internal / "sqlcipher3", "_sqlite3*")
    if extension is None or extension.suffix not in (".so", ".pyd"):
        problems.append("missing SQLCipher extension: sqlcipher3/_sqlite3*.so|.pyd")
    return problems


def run_vakka(
    build: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(build / ("vakka" + EXE_SUFFIX)), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def check_version(build: Path) -> list[str]:
    try:
        result = run_vakka(build, "--version", timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        return [f"vakka --version did not run: {error}"]
    output = (result.stdout + result.stderr).strip()
    print(f"vakka --version: {output!r} (exit {result.returncode})")
    if result.returncode != 0 or not output.startswith("vakka "):
        return [f"vakka --version failed: exit {result.returncode}: {output[-500:]}"]
    return []


def check_pdf(build: Path) -> list[str]:
    """A demo register and an access answer PDF, made by the frozen ``vakka``."""
    with tempfile.TemporaryDirectory(prefix="vakka-build-check-") as folder:
        return _check_pdf_in(build, Path(folder))


def _check_pdf_in(build: Path, scratch: Path) -> list[str]:
    env = dict(os.environ)
    env.update(
        {
            "VAKKA_PASSPHRASE": "Build check passphrase 2026",
            "VAKKA_INSECURE_FAST_KDF": "1",
            "HOME": str(scratch / "home"),
            "XDG_CONFIG_HOME": str(scratch / "home" / ".config"),
            "XDG_DATA_HOME": str(scratch / "home" / ".local" / "share"),
            "XDG_CACHE_HOME": str(scratch / "home" / ".cache"),
            "XDG_STATE_HOME": str(scratch / "home" / ".local" / "state"),
            "LANG": "fi_FI.UTF-8",
        }
    )
    register = scratch / "register"
    pdf = scratch / "access.pdf"
    steps = [
        ("--register", str(register), "demo", "--clients", "3"),
        ("--register", str(register), "access-packet", "--client", "1001", "--out", str(pdf)),
    ]
    for args in steps:
        result = run_vakka(build, *args, env=env)
        if result.returncode != 0:
            return [
                f"vakka {' '.join(args[2:3])} failed (exit {result.returncode}): "
                f"{(result.stdout + result.stderr)[-800:]}"
            ]
    if not pdf.is_file():
        return ["vakka access-packet wrote no PDF"]
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF") or b"DejaVuSans" not in data:
        return ["the access answer is not a PDF with the embedded DejaVu fonts"]
    print(f"access answer PDF from the build: {len(data)} bytes, DejaVu fonts embedded")
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="the one-folder build (e.g. build/dist/vakka)")
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also make a demo register and an access answer PDF with it",
    )
    args = parser.parse_args(argv)
    build: Path = args.build
    if not build.is_dir():
        print(f"not a folder: {build}", file=sys.stderr)
        return 2
    problems = check_contents(build)
    problems += check_version(build)
    if args.pdf and not problems:
        problems += check_pdf(build)
    size_mb = folder_size(build) / 1_000_000
    verdict = "within" if size_mb < BUDGET_MB else "OVER"
    print(f"unpacked size: {size_mb:.1f} MB ({verdict} the {BUDGET_MB} MB budget)")
    if size_mb >= BUDGET_MB:
        problems.append(f"the build is {size_mb:.1f} MB, over the {BUDGET_MB} MB budget")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if not problems:
        print("build check: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

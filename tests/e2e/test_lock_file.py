"""requirements.lock pins what the suite runs on, so an install today equals one next month."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
# Installed by ``python3 -m venv`` itself, not by the lock.
FROM_THE_VENV = {"pip", "setuptools", "wheel"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if match:
            found[canonical(match.group(1))] = match.group(2)
    return found


def required_closure() -> dict[str, str]:
    """Every installed package that vakka and its test extra need, with its version."""
    found: dict[str, str] = {}
    todo = [("vakka", ("test",))]
    while todo:
        name, extras = todo.pop()
        dist = metadata.distribution(name)
        for spec in dist.requires or []:
            requirement = Requirement(spec)
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if requirement.marker is not None and not any(
                requirement.marker.evaluate(env) for env in environments
            ):
                continue
            key = canonical(requirement.name)
            if key not in found:
                found[key] = metadata.distribution(requirement.name).version
                todo.append((requirement.name, tuple(requirement.extras)))
    return found


def test_every_package_the_suite_runs_on_is_pinned_at_its_version() -> None:
    locked = pins()
    needed = {n: v for n, v in required_closure().items() if n not in FROM_THE_VENV}
    assert len(needed) > 30
    assert {n: v for n, v in needed.items() if locked.get(n) != v} == {}


def test_every_declared_dependency_is_locked_exactly() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)
    declared = list(project["project"]["dependencies"])
    declared += project["project"]["optional-dependencies"]["test"]
    locked = pins()
    names = {canonical(re.split(r"[<>=!~ ;\[]", spec, maxsplit=1)[0]) for spec in declared}
    assert names - set(locked) == set()
    assert locked["pyside6-essentials"] == "6.11.3"


def test_the_build_backend_is_pinned() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        requires = tomllib.load(handle)["build-system"]["requires"]
    assert requires and all("==" in spec for spec in requires)


def test_both_readme_commands_install_from_the_lock() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [part.split("```", 1)[0] for part in readme.split("```sh\n")[1:]]
    assert len(commands) == 2
    for command in commands:
        assert "pip install -c requirements.lock -e " in command

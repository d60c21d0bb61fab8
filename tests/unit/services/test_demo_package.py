"""The shape of app.services.demo: small modules, and writing only through the services.

The demo can hold only what the rules allow because every record goes through the
services; a demo module that reached for a repository, a connection or SQL of its own
could write what a service would refuse.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import app.services.demo as demo

PACKAGE = Path(demo.__file__).resolve().parent
PACKAGE_NAME = "app.services.demo"
MAX_LINES = 400
FORBIDDEN_IMPORTS = ("app.db", "sqlcipher3", "sqlite3")
FORBIDDEN_ATTRIBUTES = {"conn", "execute", "executemany", "executescript", "cursor"}
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|ATTACH)\b")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports(tree: ast.AST, module: str) -> set[str]:
    """Absolute names of everything imported, relative imports resolved."""
    names: set[str] = set()
    package_parts = module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                parent = ".".join([*base, node.module] if node.module else base)
            else:
                parent = node.module or ""
            names.add(parent)
            names.update(f"{parent}.{alias.name}" for alias in node.names)
    return names


def _offences(source: str, module: str) -> list[str]:
    tree = ast.parse(source)
    found = [
        f"imports {name}"
        for name in sorted(_imports(tree, module))
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IMPORTS)
    ]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"line {node.lineno}: .{node.attr}")
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value)
        ):
            found.append(f"line {node.lineno}: SQL text")
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts[-1] == "__init__":
        return f"{PACKAGE_NAME}.__init__"
    return ".".join((PACKAGE_NAME, *parts))


def test_the_demo_is_a_package_of_small_modules() -> None:
    modules = _modules()
    assert len(modules) > 5
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in modules}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_no_demo_module_reaches_the_database_itself() -> None:
    offenders = {
        p.name: found
        for p in _modules()
        if (found := _offences(p.read_text(encoding="utf-8"), _module_name(p)))
    }
    assert offenders == {}


def test_the_check_would_catch_a_repository_a_connection_or_sql() -> None:
    module = f"{PACKAGE_NAME}.sample"
    assert _offences("from app.db import repositories\n", module)
    assert _offences("import app.db.audit\n", module)
    assert _offences("from ...db import repositories\n", module)
    assert _offences("import sqlite3\n", module)
    assert _offences("session.conn.commit()\n", module)
    assert _offences("x = 'SELECT id FROM clients'\n", module)
    assert _offences("from app.services import clients\nclients.add_client(s, c)\n", module) == []


def test_the_public_names_stay_importable() -> None:
    from app.services.demo import (  # noqa: F401
        DemoSummary,
        business_id_with_check_digit,
        demo_practice,
        populate_demo,
    )

    assert {"populate_demo", "demo_practice", "DemoSummary", "business_id_with_check_digit"} <= set(
        demo.__all__
    )
    assert all(hasattr(demo, name) for name in demo.__all__)

"""The dependency rules of ARCHITECTURE.md, checked on the source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_nothing_outside_ui_imports_qt() -> None:
    offenders = [
        str(path.relative_to(APP))
        for path in _modules(APP)
        if "ui" not in path.relative_to(APP).parts[:1]
        and any(name.split(".")[0] in QT_MODULES for name in _imports(path))
    ]
    assert offenders == []


def test_the_check_would_catch_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert any(name.split(".")[0] in QT_MODULES for name in _imports(sample))


def test_domain_has_no_sql_and_no_storage() -> None:
    forbidden = ("sqlcipher3", "sqlite3", "app.db", "app.services", "app.ui", "app.export")
    offenders = {
        str(path.relative_to(APP)): sorted(n for n in _imports(path) if n.startswith(forbidden))
        for path in _modules(APP / "domain")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_ui_and_cli_do_not_touch_the_database_directly() -> None:
    forbidden = ("sqlcipher3", "sqlite3")
    paths = [*_modules(APP / "ui"), APP / "cli.py"]
    offenders = [str(p) for p in paths if any(n.startswith(forbidden) for n in _imports(p))]
    assert offenders == []


def test_ui_reaches_the_register_only_through_services() -> None:
    """Widgets call services; they do not reach into the open Register (app.db) themselves."""
    offenders = []
    for path in _modules(APP / "ui"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "register"
            ):
                offenders.append(f"{path.relative_to(APP)}:{node.lineno}")
    assert offenders == []


_SQL_START = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|PRAGMA|CREATE|DROP|ALTER|WITH|ATTACH|DETACH|"
    r"VACUUM|BEGIN|COMMIT|ROLLBACK)\b",  # the codebase writes SQL keywords in capitals
)
_SQL_FRAGMENT = re.compile(r"\b\w+\s*(=|<|>|<=|>=|<>)\s*\?|\bIS (NOT )?NULL\b|\bORDER BY\b")


def sql_in(path: Path) -> list[str]:
    """String constants that are SQL, and calls that run SQL, in one module."""
    found: list[str] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _SQL_START.match(node.value) or _SQL_FRAGMENT.search(node.value):
                found.append(f"{node.lineno}: {node.value[:40]!r}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("execute", "executemany", "executescript", "select")
        ):
            found.append(f"{node.lineno}: .{node.func.attr}(…)")
    return found


def test_services_hold_no_sql_of_their_own() -> None:
    """ARCHITECTURE.md: the services hold no SQL (it lives in app/db)."""
    offenders = {
        str(path.relative_to(APP)): found
        for path in _modules(APP / "services")
        if (found := sql_in(path))
    }
    assert offenders == {}


def test_the_sql_check_would_catch_sql_in_a_service(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(conn, repo):\n"
        "    conn.execute('SELECT 1')\n"
        "    repo.NOTES.select(conn, 'client_id = ?', ('x',))\n"
        "    where = 'replaced_at IS NULL'\n",
        encoding="utf-8",
    )
    assert len(sql_in(sample)) == 5


# What the UI may take from app.db: types and the error mapping, never a repository.
UI_MAY_IMPORT_FROM_DB = {"app.db.vault", "app.db.secret", "app.db.errors", "app.db.audit"}


def test_ui_calls_no_repository() -> None:
    offenders = {
        str(path.relative_to(APP)): sorted(
            n for n in _imports(path) if n.startswith("app.db") and n not in UI_MAY_IMPORT_FROM_DB
        )
        for path in [*_modules(APP / "ui"), APP / "cli.py"]
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    for path in _modules(APP / "ui"):
        text = path.read_text(encoding="utf-8")
        assert "repositories" not in text and "repo." not in text, path

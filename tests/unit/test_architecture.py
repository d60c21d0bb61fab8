"""The dependency rules of ARCHITECTURE.md, checked on the source."""

from __future__ import annotations

import ast
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

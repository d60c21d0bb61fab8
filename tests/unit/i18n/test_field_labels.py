"""Every field name an error can carry has a label in fi, sv and en (issue 8, item 11).

The CLI prints ``<label>: <message>`` and the GUI points at the field by its label, so a
field name without a label would reach the user as a code such as ``received_on``. The
field names are found in the source, not listed by hand:
- ``field="..."`` keywords (``ValidationError(code, field=...)``, ``validate_period(...,
  field=...)``) and ``field=CONSTANT`` where the module defines the constant;
- string arguments in the position of a ``field`` parameter of any function of app/
  (``validate_name(text, "payer_name")``, ``parse_date(text, "birth_date")``);
- string defaults of ``field`` parameters (``validate_email(text, field="email")``).
In app/ui only calls of functions defined outside app/ui count: the widgets' own
``field=`` arguments name form rows, not errors.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.i18n import LANGUAGES
from app.i18n.messages import FIELD_LABELS, field_label

APP = Path(__file__).resolve().parents[3] / "app"
FIELD = "field"


@dataclass(frozen=True)
class FieldParameter:
    position: int  # among the positional parameters (methods: self excluded)
    in_ui: bool


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _in_ui(path: Path) -> bool:
    return path.relative_to(APP).parts[0] == "ui"


def _str(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _field_parameters() -> tuple[dict[str, list[FieldParameter]], set[str]]:
    """Functions of app/ with a ``field`` parameter (by name), and those parameters' defaults."""
    functions: dict[str, list[FieldParameter]] = {}
    defaults: set[str] = set()
    for path in APP.rglob("*.py"):
        tree = _tree(path)
        # A class is called by its own name: ValidationError(code, field).
        owners = {
            id(item): node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            for item in node.body
            if isinstance(item, ast.FunctionDef) and item.name == "__init__"
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            args = node.args
            positional = [a.arg for a in (*args.posonlyargs, *args.args) if a.arg != "self"]
            if FIELD in positional:
                functions.setdefault(owners.get(id(node), node.name), []).append(
                    FieldParameter(positional.index(FIELD), _in_ui(path))
                )
            for arg, default in zip(
                (*args.posonlyargs, *args.args)[-len(args.defaults) or len(args.args) :],
                args.defaults,
                strict=False,
            ):
                if arg.arg == FIELD and (value := _str(default)) and not _in_ui(path):
                    defaults.add(value)
            for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
                if arg.arg == FIELD and (value := _str(kw_default)) and not _in_ui(path):
                    defaults.add(value)
    return functions, defaults


def _constants(tree: ast.Module) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and (value := _str(node.value)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found.update({t.id: value for t in targets if isinstance(t, ast.Name)})
    return found


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def raised_field_names() -> dict[str, str]:
    """Every field name found, with the first place it was found (for the failure message)."""
    functions, defaults = _field_parameters()
    found = {name: "a default of a field parameter" for name in defaults}
    for path in sorted(APP.rglob("*.py")):
        tree = _tree(path)
        constants = _constants(tree)
        ui = _in_ui(path)
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = _called_name(call)
            parameters = functions.get(name or "", [])
            if ui and (not parameters or all(p.in_ui for p in parameters)):
                continue
            values: list[str | None] = []
            for keyword in call.keywords:
                if keyword.arg == FIELD:
                    value = keyword.value
                    if isinstance(value, ast.Name):
                        values.append(constants.get(value.id))
                    else:
                        values.append(_str(value))
            for parameter in parameters:
                if parameter.position < len(call.args):
                    values.append(_str(call.args[parameter.position]))
            where = f"{path.relative_to(APP)}:{call.lineno}"
            for value in values:
                if value:
                    found.setdefault(value, where)
    return found


def test_the_walk_finds_the_known_kinds_of_call() -> None:
    found = raised_field_names()
    assert "received_on" in found  # ValidationError(..., field="received_on")
    assert "payer_name" in found  # validate_name(text, "payer_name")
    assert "identity_checked_on" in found  # _check_step_date(..., "identity_checked_on")
    assert "hetu" in found  # field=FIELD, FIELD = "hetu"
    assert "email" in found  # validate_email(text, field="email")
    assert "service_id" not in found  # a form row of a dialog, not an error
    assert "ValidationError" in _field_parameters()[0]  # ValidationError("code", "field")


def test_every_raised_field_has_a_label_in_every_language() -> None:
    missing = {
        name: where for name, where in raised_field_names().items() if name not in FIELD_LABELS
    }
    assert missing == {}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_label_is_translated(lang: str) -> None:
    untranslated = [
        name for name in FIELD_LABELS if field_label(name, lang) == field_label(name, "en")
    ]
    assert untranslated == []

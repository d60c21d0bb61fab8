"""The first-run wizard with the real worker: create a register from the keyboard and mouse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractButton, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app.db.vault import Secret
from app.domain.errors import WrongSecretError
from app.domain.kinds import RegisterKind, ServiceTask
from app.domain.recovery_code import decode_recovery_code
from app.services import register as register_service
from app.services.preferences import Preferences
from app.ui import printing
from app.ui.clipboard import SecureClipboard
from app.ui.context import UiContext, UiEvents
from app.ui.texts import set_ui_language
from app.ui.wizard import FirstRunWizard, PageId
from app.ui.worker import Database
from tests.conftest import PASSPHRASE
from tests.gui.conftest import wait_db

NEW_PASSPHRASE = "Lantern otter meadow 2031 quietly"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def new_ctx(qtbot: QtBot, tmp_path: Path) -> Iterator[UiContext]:
    """A worker with no register open yet, as at the very first start."""
    set_ui_language("en")
    errors: list[BaseException] = []
    db = Database(errors.append)
    context = UiContext(
        db=db,
        prefs=Preferences(),
        events=UiEvents(),
        clipboard=SecureClipboard(),
        register_folder=tmp_path / "register",
    )
    context.errors = errors  # type: ignore[attr-defined]
    yield context
    db.shutdown()


def _wizard(qtbot: QtBot, ctx: UiContext, folder: Path) -> FirstRunWizard:
    wizard = FirstRunWizard(ctx, folder)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _button(wizard: FirstRunWizard, which: QWizard.WizardButton) -> QAbstractButton:
    button = wizard.button(which)
    assert button is not None
    return button


def _next(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    button = _button(wizard, QWizard.WizardButton.NextButton)
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, LEFT)


def _to_passphrase_page(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    assert wizard.currentId() == PageId.WELCOME
    _next(qtbot, wizard)
    assert wizard.currentId() == PageId.FOLDER
    _next(qtbot, wizard)
    assert wizard.currentId() == PageId.PASSPHRASE


def _type_passphrase(qtbot: QtBot, wizard: FirstRunWizard, first: str, second: str) -> None:
    pair = wizard.passphrase_page.pair
    pair.first.clear()
    pair.second.clear()
    qtbot.keyClicks(pair.first, first)
    qtbot.keyClicks(pair.second, second)


def _add_service(qtbot: QtBot, wizard: FirstRunWizard, name: str, enter: bool = True) -> None:
    """Type the name; Enter (or the Add button) adds it with its suggested register kind."""
    page = wizard.services_page
    qtbot.keyClicks(page.name, name)
    if enter:
        qtbot.keyClick(page.name, Qt.Key.Key_Return)
    else:
        qtbot.mouseClick(page.add_button, LEFT)
    assert wizard.currentId() == PageId.SERVICES  # Enter with a name does not go on


def _texts(widget: QWidget) -> str:
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def _files_containing(root: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(str(path))
    return found


def test_the_wizard_creates_a_register(
    qtbot: QtBot,
    new_ctx: UiContext,
    tmp_path: Path,
    isolated_environment: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "register"
    wizard = _wizard(qtbot, new_ctx, folder)
    _to_passphrase_page(qtbot, wizard)
    assert wizard.folder_page.folder() == folder

    _type_passphrase(qtbot, wizard, NEW_PASSPHRASE, NEW_PASSPHRASE)
    assert "Strong enough" in wizard.passphrase_page.pair.meter.advice.text()
    _next(qtbot, wizard)

    page = wizard.practice_page
    assert wizard.currentId() == PageId.PRACTICE
    assert not _button(wizard, QWizard.WizardButton.NextButton).isEnabled()  # name needed
    qtbot.keyClicks(page.name, "Terapia Esimerkki")
    qtbot.keyClicks(page.business_id, "1234567-8")  # wrong check digit
    qtbot.keyClicks(page.practitioner, "Aino Esimerkki")
    qtbot.keyClicks(page.professional_title, "psykoterapeutti")
    for _ in range(7):  # January -> August
        qtbot.keyClick(page.fiscal_month, Qt.Key.Key_Down)
    _next(qtbot, wizard)
    assert wizard.currentId() == PageId.PRACTICE  # refused inline
    assert "business ID is not valid" in page.error.text()
    assert page.error.isVisible()
    page.business_id.clear()
    qtbot.keyClicks(page.business_id, "1234567-1")
    assert not page.error.isVisible()
    _next(qtbot, wizard)

    assert wizard.currentId() == PageId.SERVICES
    services = wizard.services_page
    assert not _button(wizard, QWizard.WizardButton.NextButton).isEnabled()  # one at least
    _add_service(qtbot, wizard, "Psychotherapy")
    _add_service(qtbot, wizard, "Family work")
    _add_service(qtbot, wizard, "Work supervision", enter=False)
    _add_service(qtbot, wizard, "Coaching")
    _add_service(qtbot, wizard, "coaching")  # already there
    assert "already on the list" in services.error.text()
    services.name.clearEditText()
    services.table.selectRow(3)
    qtbot.mouseClick(services.remove_button, LEFT)
    assert services.table.rowCount() == 3
    services.name.setFocus()
    qtbot.keyClick(services.name, Qt.Key.Key_Return)  # Enter on an empty name: Next
    assert wizard.currentId() == PageId.CREATE

    assert wizard.currentId() == PageId.CREATE
    assert "Terapia Esimerkki" in wizard.create_page.summary.text()
    commit = _button(wizard, QWizard.WizardButton.CommitButton)
    assert commit.text().replace("&", "") == "Create the register"
    qtbot.mouseClick(commit, LEFT)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.HAND_OVER, timeout=20_000)
    assert register_service.is_register(folder)

    # The hand-over: Finish only after the code is written down and its end typed back.
    finish = _button(wizard, QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # cannot leave without the code
    assert wizard.isVisible()
    hand_over = wizard.hand_over_page.hand_over
    assert "Keep the recovery code first" in hand_over.error.text()
    qtbot.mouseClick(hand_over.show_button, LEFT)
    assert hand_over.code_label.isVisible()
    code = hand_over.code_label.text().replace("\n", "")
    assert code.count("-") == 8
    qtbot.keyClicks(hand_over.confirm, "AAAAAA")
    assert not finish.isEnabled()
    assert "not the last group" in hand_over.confirm_state.text()
    hand_over.confirm.clear()
    qtbot.keyClicks(hand_over.confirm, code.split("-")[-1].lower())
    assert finish.isEnabled()

    # Printing the sheet works from here too (the print dialog replaced by a PDF printer).
    printed = tmp_path / "printed.pdf"

    def print_to_file(parent: QWidget | None, data: bytes, title: str = "") -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(150)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printing.print_pdf(data, printer)
        return True

    monkeypatch.setattr(printing, "print_with_dialog", print_to_file)
    qtbot.mouseClick(hand_over.print_button, LEFT)
    qtbot.waitUntil(lambda: "sent to the printer" in hand_over.done_label.text(), timeout=10_000)
    assert len(PdfReader(printed).pages) == 1
    printed.unlink()

    with qtbot.waitSignal(wizard.created, timeout=5_000) as created:
        qtbot.mouseClick(finish, LEFT)
    assert created.args == [folder]
    assert not wizard.isVisible()
    assert hand_over.code_label.text() == ""

    # The session is open on the worker: the details and services are in the register.
    saved: list[object] = []
    new_ctx.db.run(
        lambda s: (register_service.practice(s), register_service.services(s)), saved.append
    )
    wait_db(qtbot, new_ctx)
    practice, stored = saved[0]  # type: ignore[misc]
    assert practice.name == "Terapia Esimerkki"
    assert practice.business_id == "1234567-1"
    assert practice.practitioner_name == "Aino Esimerkki"
    assert practice.practitioner_title == "psykoterapeutti"
    assert practice.privacy_contact == "Aino Esimerkki"  # the practitioner, when left empty
    assert practice.fiscal_year_start_month == 8
    kinds = {s.name: (s.register_kind, s.service_task) for s in stored}
    assert kinds == {
        "Psychotherapy": (RegisterKind.PATIENT, None),
        "Family work": (RegisterKind.SOCIAL_CARE, ServiceTask.FAMILIES_WITH_CHILDREN),
        "Work supervision": (RegisterKind.OTHER, None),
    }

    # Neither the passphrase nor the code was written anywhere in plain text.
    needles = [
        NEW_PASSPHRASE.encode(),
        code.encode(),
        code.replace("-", "").encode(),
        code.split("-")[1].encode(),
    ]
    assert _files_containing(tmp_path, needles) == []
    assert _files_containing(isolated_environment, needles) == []

    # Close it on the worker; it opens with the typed passphrase and with the code.
    new_ctx.db.lock()
    wait_db(qtbot, new_ctx)
    with pytest.raises(WrongSecretError):
        register_service.unlock(folder, Secret(passphrase=PASSPHRASE))
    register_service.unlock(folder, Secret(passphrase=NEW_PASSPHRASE)).close()
    register_service.unlock(folder, Secret(recovery_code=code)).close()
    key = decode_recovery_code(code)
    session = register_service.unlock(folder, Secret(data_key=key), clinical=True)
    try:
        assert register_service.practice(session).name == "Terapia Esimerkki"
    finally:
        session.close()
    assert new_ctx.errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("first", "second", "advice"),
    [
        ("short words", "short words", "Too short"),
        ("password1234", "password1234", "too easy to guess"),
        ("aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "too easy to guess"),
        (NEW_PASSPHRASE, NEW_PASSPHRASE + "x", ""),
    ],
)
def test_a_weak_or_mismatched_passphrase_keeps_next_disabled(
    qtbot: QtBot, new_ctx: UiContext, tmp_path: Path, first: str, second: str, advice: str
) -> None:
    wizard = _wizard(qtbot, new_ctx, tmp_path / "register")
    _to_passphrase_page(qtbot, wizard)
    next_button = _button(wizard, QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    _type_passphrase(qtbot, wizard, first, second)
    pair = wizard.passphrase_page.pair
    assert not next_button.isEnabled()
    assert advice in pair.meter.advice.text()
    if first != second:
        assert "not the same" in pair.match.text()
    qtbot.keyClick(pair.second, Qt.Key.Key_Return)  # Enter does not get past it either
    assert wizard.currentId() == PageId.PASSPHRASE
    # The same rule as the CLI: the service refuses exactly what the page refuses.
    from app.domain.errors import ValidationError
    from app.domain.passphrase import require_acceptable_passphrase

    if first == second:
        with pytest.raises(ValidationError):
            require_acceptable_passphrase(first)


def test_a_folder_holding_a_register_or_other_files_is_refused(
    qtbot: QtBot, new_ctx: UiContext, tmp_path: Path
) -> None:
    existing = tmp_path / "existing"
    register_service.create(existing, PASSPHRASE).session.close()
    before = sorted(p.name for p in existing.iterdir())
    wizard = _wizard(qtbot, new_ctx, existing)
    _next(qtbot, wizard)
    page = wizard.folder_page
    _next(qtbot, wizard)
    assert wizard.currentId() == PageId.FOLDER
    assert "already holds a register" in page.error.text()
    assert page.error.isVisible()

    other = tmp_path / "papers"
    other.mkdir()
    (other / "notes.txt").write_text("something else", encoding="utf-8")
    page.path.clear()
    assert not page.error.isVisible()
    qtbot.keyClicks(page.path, str(other))
    _next(qtbot, wizard)
    assert wizard.currentId() == PageId.FOLDER
    assert "not empty" in page.error.text()

    page.path.clear()
    qtbot.keyClicks(page.path, "relative/folder")
    _next(qtbot, wizard)
    assert wizard.currentId() == PageId.FOLDER
    assert "whole path" in page.error.text()

    page.path.clear()
    qtbot.keyClicks(page.path, str(tmp_path / "fresh" / "register"))
    _next(qtbot, wizard)
    assert wizard.currentId() == PageId.PASSPHRASE
    assert sorted(p.name for p in existing.iterdir()) == before  # nothing was touched


def test_cancel_before_creation_makes_nothing(
    qtbot: QtBot, new_ctx: UiContext, tmp_path: Path
) -> None:
    folder = tmp_path / "register"
    wizard = _wizard(qtbot, new_ctx, folder)
    _to_passphrase_page(qtbot, wizard)
    with qtbot.waitSignal(wizard.rejected, timeout=2_000):
        qtbot.mouseClick(_button(wizard, QWizard.WizardButton.CancelButton), LEFT)
    assert not folder.exists()

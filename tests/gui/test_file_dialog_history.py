"""Qt's own file dialog keeps the folders it visited (QtProject.conf, "FileDialog"
history and last visited). A folder can be named after a client, so Vakka's choosers
leave no history behind (issue 13 item 4)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui import file_dialogs

CANARY = "Kanarialintu Kokeilu"
FORMS = (CANARY, CANARY.replace(" ", "%20"))  # as written, and as Qt writes it in a URL


def _choose_when_open(chosen: Path) -> None:
    """Choose ``chosen`` in the dialog once it is open, as a person would."""
    from PySide6.QtWidgets import QFileDialog

    def choose() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, QFileDialog):
            QTimer.singleShot(50, choose)
            return
        modal.selectFile(str(chosen))
        modal.done(QFileDialog.DialogCode.Accepted)

    QTimer.singleShot(50, choose)


def _settings_text() -> str:
    """Qt's settings file as Qt writes it (its path is fixed at first use in a process)."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.sync()
    path = Path(settings.fileName())
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@pytest.mark.parametrize(
    ("choose", "pick"),
    [
        (lambda f: file_dialogs.save_file_name(None, "Save", str(f / "answer.pdf")), "answer.pdf"),
        (lambda f: file_dialogs.open_file_name(None, "Open", str(f)), "list.csv"),
        (lambda f: file_dialogs.existing_directory(None, "Folder", str(f)), ""),
    ],
)
def test_the_choosers_leave_no_folder_history(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, choose: Callable[[Path], object], pick: str
) -> None:
    folder = tmp_path / CANARY
    folder.mkdir()
    (folder / "list.csv").write_text("x\n", encoding="utf-8")
    _choose_when_open(folder / pick if pick else folder)
    choose(folder)  # the dialog opened in the client's folder
    assert not any(form in _settings_text() for form in FORMS)


def test_the_search_would_find_a_history_left_behind(qapp: QApplication, tmp_path: Path) -> None:
    """The positive control: Qt's dialog does write the folder when nothing removes it."""
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / CANARY
    folder.mkdir()
    _choose_when_open(folder / "answer.pdf")
    QFileDialog.getSaveFileName(
        None, "Plain", str(folder), "", "", QFileDialog.Option.DontUseNativeDialog
    )
    assert any(form in _settings_text() for form in FORMS)

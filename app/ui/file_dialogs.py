"""File and folder choosers in the UI language.

A native dialog (GTK on Linux) follows the desktop's language, not Vakka's, and came out
half English in a Finnish UI (issue 11). Qt's own dialog is translated by the qtbase
catalog loaded at start (app.ui.texts), so the app always asks for that one."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

OPTIONS = QFileDialog.Option.DontUseNativeDialog


def save_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filter_text: str = ""
) -> tuple[str, str]:
    return QFileDialog.getSaveFileName(parent, caption, directory, filter_text, "", OPTIONS)


def open_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filter_text: str = ""
) -> tuple[str, str]:
    return QFileDialog.getOpenFileName(parent, caption, directory, filter_text, "", OPTIONS)


def existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    return QFileDialog.getExistingDirectory(
        parent, caption, directory, OPTIONS | QFileDialog.Option.ShowDirsOnly
    )

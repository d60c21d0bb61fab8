"""File and folder choosers in the UI language.

A native dialog (GTK on Linux) follows the desktop's language, not Vakka's, and came out
half English in a Finnish UI (issue 11). Qt's own dialog is translated by the qtbase
catalog loaded at start (app.ui.texts), so the app always asks for that one.

Qt's dialog remembers the folders it visited in the user's QtProject settings; a folder
may be named after a client, so each chooser forgets them when it closes (issue 13)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

OPTIONS = QFileDialog.Option.DontUseNativeDialog
T = TypeVar("T")


def forget_visited_folders() -> None:
    """Remove the file dialog's history and last visited folder from Qt's settings."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.remove("FileDialog")
    settings.sync()


def _forgetting(ask: Callable[[], T]) -> T:
    try:
        return ask()
    finally:
        forget_visited_folders()


def save_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filter_text: str = ""
) -> tuple[str, str]:
    return _forgetting(
        lambda: QFileDialog.getSaveFileName(parent, caption, directory, filter_text, "", OPTIONS)
    )


def open_file_name(
    parent: QWidget | None, caption: str, directory: str = "", filter_text: str = ""
) -> tuple[str, str]:
    return _forgetting(
        lambda: QFileDialog.getOpenFileName(parent, caption, directory, filter_text, "", OPTIONS)
    )


def existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    return _forgetting(
        lambda: QFileDialog.getExistingDirectory(
            parent, caption, directory, OPTIONS | QFileDialog.Option.ShowDirsOnly
        )
    )

"""Telling the user what happened: clear messages for their errors, a calm dialog for bugs."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.crashlog import log_bug
from app.domain.errors import VakkaError, ValidationError
from app.i18n import message_for
from app.i18n.messages import field_label
from app.paths import log_folder
from app.ui.texts import _, ui_language


def error_text(error: VakkaError) -> str:
    text = message_for(error, ui_language())
    if isinstance(error, ValidationError) and error.field:
        text = f"{field_label(error.field, ui_language())}: {text}"
    return text


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """A VakkaError as a message in the user's language; anything else as a bug."""
    from app.db.errors import as_user_error  # the database layer: not before the unlock window

    error = as_user_error(error) or error
    if isinstance(error, VakkaError):
        QMessageBox.warning(parent, _("Vakka"), error_text(error))
        return
    report_bug(parent, error)


def report_inline(label: QLabel, parent: QWidget | None, error: BaseException) -> None:
    """A VakkaError as text in ``label`` (an ErrorLabel under a form); anything else as a
    bug, in a dialog."""
    from app.db.errors import as_user_error

    known = as_user_error(error) or error
    if isinstance(known, VakkaError):
        text = error_text(known)
        label.setText(text)
        label.setAccessibleDescription(text)
        label.setVisible(True)
        return
    report_bug(parent, error)


def report_bug(parent: QWidget | None, error: BaseException) -> None:
    path = log_bug(log_folder(), error)
    text = _("Vakka ran into an unexpected problem. What you saved before this is safe.")
    if path is not None:
        text += "\n\n" + _("A note without personal data was written to {path}.").format(path=path)
    QMessageBox.critical(parent, _("Vakka"), text)


def install_excepthook() -> None:
    """Bugs anywhere in the GUI thread end in the calm dialog, not a crash."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        show_error(None, error)

    sys.excepthook = hook

"""Icons: the platform theme's where it has them, Qt's standard ones otherwise (no emoji)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

_THEME = {
    "lock": ("system-lock-screen", QStyle.StandardPixmap.SP_DialogNoButton),
    "search": ("edit-find", QStyle.StandardPixmap.SP_FileDialogContentsView),
    "add": ("list-add", QStyle.StandardPixmap.SP_FileDialogNewFolder),
    "warning": ("dialog-warning", QStyle.StandardPixmap.SP_MessageBoxWarning),
    "info": ("dialog-information", QStyle.StandardPixmap.SP_MessageBoxInformation),
    "save": ("document-save", QStyle.StandardPixmap.SP_DialogSaveButton),
    "print": ("document-print", QStyle.StandardPixmap.SP_FileDialogDetailedView),
    "reveal": ("view-visible", QStyle.StandardPixmap.SP_FileDialogInfoView),
    "copy": ("edit-copy", QStyle.StandardPixmap.SP_FileLinkIcon),
    "edit": ("document-edit", QStyle.StandardPixmap.SP_FileDialogDetailedView),
    "remove": ("edit-delete", QStyle.StandardPixmap.SP_TrashIcon),
    "backup": ("drive-harddisk", QStyle.StandardPixmap.SP_DriveHDIcon),
    "settings": ("preferences-system", QStyle.StandardPixmap.SP_FileDialogDetailedView),
    "quit": ("application-exit", QStyle.StandardPixmap.SP_DialogCloseButton),
    "help": ("help-about", QStyle.StandardPixmap.SP_DialogHelpButton),
}


def icon(name: str) -> QIcon:
    theme_name, fallback = _THEME[name]
    style = QApplication.style()
    return QIcon.fromTheme(theme_name, style.standardIcon(fallback))

"""A dialog above the main window hears when the program hides that window (a lock)."""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class WindowHidden(QObject):
    """Calls ``on_hide`` when ``parent``'s window is hidden by the program, not by the
    window manager (a lock hides it): names must not stay on screen in a dialog above it.

    Owned by the dialog, so the filter goes with it. The call back into the dialog is held
    weakly: a strong one would make a reference cycle, and Python's collector could then
    destroy the dialog on whichever thread it happens to run (the worker's)."""

    def __init__(
        self, owner: QObject, parent: QWidget | None, on_hide: Callable[[], None]
    ) -> None:
        super().__init__(owner)
        self._on_hide = weakref.WeakMethod(on_hide)  # a bound method of the owner
        self._window = parent.window() if parent is not None else None
        if self._window is not None:
            self._window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._window
            and event.type() == QEvent.Type.Hide
            and not event.spontaneous()
        ):
            on_hide = self._on_hide()
            if on_hide is not None:
                on_hide()
        return False

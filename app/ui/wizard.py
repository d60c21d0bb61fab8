"""First run: create a register (being built)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.ui.context import UiContext


class FirstRunWizard(QWizard):
    created = Signal(object)  # Path of the new register, its session open on the worker

    def __init__(self, ctx: UiContext, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.folder = folder

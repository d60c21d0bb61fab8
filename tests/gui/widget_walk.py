"""Walking a widget tree for the accessibility and translation checks."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
    QTextEdit,
    QWidget,
)

INPUTS: tuple[type[QWidget], ...] = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QDateEdit,
    QDateTimeEdit,
    QTextEdit,
    QPlainTextEdit,
)


def inputs_without_label(root: QWidget) -> list[str]:
    """Inputs that have neither an accessible name nor a label pointing at them."""
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS):
            continue
        if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
            continue  # the line edit inside a combo box or a spin box
        if widget.accessibleName() or widget in buddies:
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName() or ''}".strip())
    return missing


def ui_texts(root: QWidget) -> set[str]:
    """The fixed texts of the interface: buttons, check boxes, group boxes, tab titles,
    menu actions, form labels and window titles (not data)."""
    texts: set[str] = set()
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if isinstance(widget, QAbstractButton | QCheckBox | QRadioButton) and widget.text():
            texts.add(widget.text())
        elif isinstance(widget, QGroupBox) and widget.title():
            texts.add(widget.title())
        elif isinstance(widget, QTabWidget):
            texts.update(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QLabel) and widget.buddy() is not None and widget.text():
            texts.add(widget.text())
        if widget.isWindow() and widget.windowTitle():
            texts.add(widget.windowTitle())
        if isinstance(widget, QMainWindow):
            for action in widget.menuBar().actions():
                texts.add(action.text())
                menu = action.menu()
                if menu is not None:
                    texts.update(a.text() for a in menu.actions() if a.text())
    return {t.replace("&", "") for t in texts if t.strip()}

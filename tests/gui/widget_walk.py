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


def mnemonic(text: str) -> str | None:
    """The Alt-key of a text ('Save as &PDF' -> 'p'); None without one ('&&' is a '&')."""
    index = text.replace("&&", "").find("&")
    stripped = text.replace("&&", "")
    if index < 0 or index + 1 >= len(stripped):
        return None
    return stripped[index + 1].casefold()


def mnemonic_clashes(root: QWidget) -> dict[str, list[str]]:
    """Alt-keys that more than one visible button, labelled input or tab answers to."""
    from PySide6.QtWidgets import QTabBar

    owners: dict[str, list[str]] = {}

    def add(text: str) -> None:
        key = mnemonic(text)
        if key is not None:
            owners.setdefault(key, []).append(text)

    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add(widget.tabText(i))
    return {k: v for k, v in owners.items() if len(v) > 1}


def mnemonic_clashes_on_every_tab(root: QWidget) -> dict[str, list[str]]:
    """``mnemonic_clashes`` with each page of every tab widget shown in turn."""
    clashes: dict[str, list[str]] = {}
    tab_widgets = root.findChildren(QTabWidget) or []
    pages = [(t, i) for t in tab_widgets for i in range(t.count())] or [(None, 0)]
    for tabs, index in pages:
        if tabs is not None:
            tabs.setCurrentIndex(index)
        clashes.update(mnemonic_clashes(root))
    return clashes

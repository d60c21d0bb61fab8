"""The GUI figures, in a process of their own (run by the benchmark, one register each time):
the main window usable after unlock, search as you type through the window's own model,
proxy and view, and the peak memory with the large register open.

``python -m benchmarks.gui REGISTER CLIENTS HEAVY_CLIENT_ID`` prints one JSON object.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.db.vault import Secret
from app.services.preferences import Preferences
from app.ui.clipboard import SecureClipboard
from app.ui.context import UiContext, UiEvents
from app.ui.texts import set_ui_language
from app.ui.worker import Database
from benchmarks.data import PASSPHRASE

# What a practitioner types: prefixes with ä, ö, å and Cyrillic, letter by letter, then
# deleted letter by letter (the last deletion clears the search).
SEARCHES = ("Mäk", "äij", "Törm", "öhm", "Söd", "Åker", "kärk", "Дми", "Ив", "sal", "040")


def wait_until(app: QApplication, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.0005)


def type_text(widget: QWidget, text: str) -> None:
    """Key events carrying the text (QTest.keyClicks knows only ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def main(argv: list[str]) -> int:
    folder, clients, heavy = Path(argv[0]), int(argv[1]), argv[2]
    app = QApplication([])
    set_ui_language("fi", app)
    import app.ui.main_window as main_window  # preloaded while the unlock window waits

    errors: list[BaseException] = []
    db = Database(errors.append)
    ctx = UiContext(
        db=db,
        prefs=Preferences(),
        events=UiEvents(),
        clipboard=SecureClipboard(),
        register_folder=folder,
    )
    opened: list[object] = []
    db.open(folder, Secret(passphrase=PASSPHRASE), clinical=True, on_done=opened.append)
    wait_until(app, lambda: bool(opened) or bool(errors))
    if errors:
        raise errors[0]

    begun = time.perf_counter()
    window = main_window.MainWindow(ctx)
    window.show()
    window.start()
    wait_until(app, lambda: window.model.rowCount() == clients and window.proxy.rowCount() > 0)
    window.list.viewport().repaint()
    app.processEvents()
    usable = time.perf_counter() - begun

    wait_until(app, lambda: not db.busy)
    window.search.setFocus()
    typing: list[float] = []
    clearing: list[float] = []
    for text in SEARCHES:
        for char in text:
            start = time.perf_counter()
            type_text(window.search, char)
            app.processEvents()
            typing.append(time.perf_counter() - start)
        for _ in text:
            start = time.perf_counter()
            QTest.keyClick(window.search, Qt.Key.Key_Backspace)
            app.processEvents()
            clearing.append(time.perf_counter() - start)
        type_text(window.search, text)
        app.processEvents()
        start = time.perf_counter()
        window.search.clear()  # the clear button
        app.processEvents()
        clearing.append(time.perf_counter() - start)

    window.select_client(heavy)
    wait_until(app, lambda: window.client_view.client_id == heavy and not db.busy)
    app.processEvents()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "usable_s": usable,
                "typing_s": typing,
                "clearing_s": clearing,
                "peak_rss_mb": peak_kib / 1024,
                "errors": [type(e).__name__ for e in errors],
            }
        ),
        flush=True,
    )
    window.close()
    db.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

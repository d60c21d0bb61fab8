"""Guards against a known fault of the Qt binding: PySide6 6.12.0 drops a reference to
True on every signal emitted from Python, and the interpreter aborts when it reaches zero
(``Fatal Python error: bool_dealloc``) — in a long-running app after some thousands of
database jobs. pyproject.toml pins a version without it; this test fails on a bad one."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    flag = Signal(bool)
    triple = Signal(int, object, object)


def test_emitting_signals_keeps_the_refcount_of_true() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.plain.connect(lambda: None)
    emitter.flag.connect(lambda _value: None)
    emitter.triple.connect(lambda *args: received.clear())
    before = sys.getrefcount(True)
    for _ in range(2_000):
        emitter.plain.emit()
        emitter.flag.emit(True)
        emitter.triple.emit(1, True, None)
    assert abs(sys.getrefcount(True) - before) < 50

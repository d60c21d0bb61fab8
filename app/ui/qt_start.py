"""Starting Qt's platform plugin: a clear message and exit 1 where Qt would abort.

Qt reports a platform plugin that cannot start (no display, or a system library of the
xcb plugin missing) with a fatal message and then calls ``abort()``: the practitioner
would see nothing at all. A message handler installed before ``QApplication`` catches
that fatal message, prints what is missing in the user's language and exits with 1.
Nothing is probed when Qt starts normally, so a working start costs nothing extra.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from app.i18n import tr

EXIT_CANNOT_START = 1

# The libraries Qt 6's xcb plugin loads (``ldd libqxcb.so``) that a desktop install may
# lack, with the Debian and Ubuntu packages that hold them.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-util.so.1": "libxcb-util1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}

Loader = Callable[[str], object]


def missing_packages(load: Loader = ctypes.CDLL) -> list[str]:
    """The packages whose library of the xcb plugin cannot be loaded, on Linux."""
    if not sys.platform.startswith("linux"):
        return []
    missing: list[str] = []
    for library, package in XCB_LIBRARIES.items():
        try:
            load(library)
        except OSError:
            missing.append(package)
    return missing


def no_display(environ: dict[str, str] | None = None) -> bool:
    """Whether a Linux session has no display for a window (neither X11 nor Wayland)."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform.startswith(("offscreen", "minimal")):
        return False
    return not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY")


def cannot_start_text(lang: str, missing: list[str], display_missing: bool, detail: str) -> str:
    """What the practitioner reads when the window cannot open, and what to do."""
    _ = tr(lang).gettext
    lines = [_("Vakka cannot open its window: Qt could not start its display plugin.")]
    if missing:
        lines.append(
            _("System libraries that Qt needs are missing: {packages}.").format(
                packages=", ".join(missing)
            )
        )
        lines.append(
            _("On Debian or Ubuntu, install them with: {command}").format(
                command="sudo apt install " + " ".join(missing)
            )
        )
    if display_missing:
        lines.append(
            _(
                "No display was found (DISPLAY and WAYLAND_DISPLAY are not set): start Vakka "
                "from a desktop session."
            )
        )
    if not missing and not display_missing:
        usual = " ".join(list(XCB_LIBRARIES.values())[:6])
        lines.append(
            _("On Debian or Ubuntu the usual fix is: {command}").format(
                command="sudo apt install " + usual
            )
        )
    lines.append(_("The command-line commands work without a display: vakka --help"))
    if detail:
        lines.append(_("Qt said: {detail}").format(detail=detail))
    return "\n".join(lines)


@contextmanager
def platform_start_guard(lang: str, load: Loader = ctypes.CDLL) -> Iterator[None]:
    """Around the creation of ``QApplication``: a plugin that cannot start ends the
    process with a clear message and exit code 1 instead of Qt's abort."""
    held: list[tuple[QtMsgType, QMessageLogContext, str]] = []

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            details = [text for _kind, _context, text in held][-2:] or [message]
            text = cannot_start_text(lang, missing_packages(load), no_display(), " ".join(details))
            sys.stderr.write(text + "\n")
            sys.stderr.flush()
            os._exit(EXIT_CANNOT_START)
        held.append((kind, context, message))

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        # Started: what Qt said meanwhile goes where it would have gone.
        for kind, context, message in held:
            if previous is not None:
                previous(kind, context, message)
            else:
                sys.stderr.write(message + "\n")

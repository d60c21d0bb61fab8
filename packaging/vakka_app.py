"""The frozen ``vakka-app`` launcher (the desktop app, no console): app.cli:gui_main."""

import sys

from app.cli import gui_main

if __name__ == "__main__":
    sys.exit(gui_main())

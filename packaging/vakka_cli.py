"""The frozen ``vakka`` launcher (the command line): app.cli:main."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())

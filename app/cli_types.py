"""The types the command modules share with app.cli (no imports of app.cli at run time)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from app.cli import Cli

Handler: TypeAlias = Callable[["Cli", argparse.Namespace], int]
# build_parser's ``command(name, help, handler)``: a sub-command's parser.
AddCommand: TypeAlias = Callable[[str, str, Handler], argparse.ArgumentParser]
PathType: TypeAlias = Callable[[str], Path]

#!/usr/bin/env bash
# Rewrites requirements.lock from pyproject.toml (the app and the test extra), in a
# scratch virtual environment so the project's .venv is left as it is.
#   bash scripts/refresh_lock.sh            # keep current pins, add or drop what changed
#   bash scripts/refresh_lock.sh --upgrade  # take the newest releases (a deliberate act:
#                                           # run scripts/try_newest.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet pip-tools
"$scratch/venv/bin/pip-compile" --quiet --extra test --strip-extras --allow-unsafe \
    --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
    --output-file requirements.lock "$@" pyproject.toml
echo "requirements.lock written; install it with: .venv/bin/pip install -c requirements.lock -e '.[test]'"

#!/usr/bin/env bash
# Installs the newest releases of every dependency (ignoring requirements.lock) in a
# scratch virtual environment and runs the whole suite and the linters there. Not run by
# CI: upgrading is a deliberate act. When it passes, take the new versions with
#   bash scripts/refresh_lock.sh --upgrade
# and commit requirements.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet --upgrade pip
"$scratch/venv/bin/pip" install --quiet --upgrade -e '.[test]'
echo "Newest releases, where they differ from requirements.lock:"
"$scratch/venv/bin/pip" freeze --exclude-editable | sort -f > "$scratch/newest.txt"
grep -E '^[A-Za-z0-9]' requirements.lock | sort -f | diff - "$scratch/newest.txt" || true
status=0
QT_QPA_PLATFORM=offscreen "$scratch/venv/bin/python" -m pytest -q -p no:cacheprovider || status=1
"$scratch/venv/bin/ruff" check --no-cache . || status=1
"$scratch/venv/bin/mypy" --cache-dir "$scratch/mypy-cache" || status=1
# The editable install points at this checkout; put the project's own .venv back on it.
if [ -x .venv/bin/pip ]; then .venv/bin/pip install --quiet -c requirements.lock -e '.[test]'; fi
exit "$status"

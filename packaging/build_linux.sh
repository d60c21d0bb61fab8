#!/usr/bin/env bash
# Builds the one-folder Linux app and its tarball:
#   build/dist/vakka/                          the unpacked app (vakka-app, vakka, _internal/)
#   dist/vakka-<version>-linux-x86_64.tar.gz   what a practitioner downloads and unpacks
# Run from anywhere; uses $PYTHON (default: the repository's .venv) which must have
# Vakka's dependencies (requirements.lock) and packaging/requirements.txt installed.
# Set VAKKA_SKIP_PDF_CHECK=1 to skip making a demo register and a PDF with the build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=${PYTHON:-$root/.venv/bin/python}
version=$("$python" -c 'import re,sys; print(re.search(r"__version__ = \"([^\"]+)\"", open("app/__init__.py").read()).group(1))')
arch=$(uname -m)
app_dir=build/dist/vakka

"$python" -m PyInstaller --noconfirm --clean \
    --workpath build/pyinstaller --distpath build/dist packaging/vakka.spec

cp packaging/vakka.desktop packaging/install-desktop-entry.sh "$app_dir/"
chmod +x "$app_dir/install-desktop-entry.sh"

pdf_flag=--pdf
[ "${VAKKA_SKIP_PDF_CHECK:-}" = 1 ] && pdf_flag=
"$python" packaging/check_build.py "$app_dir" $pdf_flag

mkdir -p dist
tarball="dist/vakka-$version-linux-$arch.tar.gz"
tar -C build/dist --transform "s|^vakka|vakka-$version|" --owner=0 --group=0 \
    -czf "$tarball" vakka
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB (%d bytes)", b / 1e6, b }'; }
echo "unpacked: $app_dir $(mb "$(du -sb "$app_dir" | cut -f1)")"
echo "tarball:  $tarball $(mb "$(stat -c %s "$tarball")")"

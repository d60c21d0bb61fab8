#!/bin/sh
# Adds Vakka to the desktop's application menu for this user: run it once from the
# unpacked folder (./install-desktop-entry.sh). Moving the folder later? Run it again.
# Remove with: rm ~/.local/share/applications/vakka.desktop \
#                 ~/.local/share/icons/hicolor/256x256/apps/vakka.png
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/_internal/resources/icons/vakka.png" "$icons/vakka.png"
sed -e "s|^Exec=vakka-app|Exec=\"$here/vakka-app\"|" "$here/vakka.desktop" > "$apps/vakka.desktop"
chmod 0644 "$apps/vakka.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Vakka is in the application menu ($apps/vakka.desktop)."

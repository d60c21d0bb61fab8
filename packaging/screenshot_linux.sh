#!/usr/bin/env bash
# Starts the built vakka-app under Xvfb with openbox, waits for the unlock window and
# saves a screenshot to docs/screenshots/packaged-unlock.png. Exits non-zero if no
# window appeared. Needs Xvfb, openbox, xdotool and ImageMagick's `import`.
#   packaging/screenshot_linux.sh [BUILD_DIR]    (default: build/dist/vakka)
# The register is a fresh demo one made by the built `vakka`, in a scratch folder, with a
# scratch HOME, so nothing of the user's own is read or written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app_dir=$(cd "${1:-$root/build/dist/vakka}" && pwd)
out="$root/docs/screenshots/packaged-unlock.png"
lang=${VAKKA_SCREENSHOT_LANG:-fi_FI.UTF-8}
timeout_s=${VAKKA_SCREENSHOT_TIMEOUT:-90}

scratch=$(mktemp -d /tmp/vakka-packaged-shot-XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT

export HOME="$scratch/home"
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share"
export XDG_CACHE_HOME="$HOME/.cache" XDG_STATE_HOME="$HOME/.local/state"
export XDG_RUNTIME_DIR="$scratch/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY QT_QPA_PLATFORM
# The app reads its language from LANGUAGE, LC_ALL, LC_MESSAGES, LANG (in that order);
# given to the app only, so this shell does not complain of a locale it lacks.
in_lang=(env -u LC_ALL -u LC_MESSAGES LANGUAGE= LANG="$lang")

register="$scratch/register"
"${in_lang[@]}" VAKKA_PASSPHRASE="Screenshot passphrase 2026" VAKKA_INSECURE_FAST_KDF=1 \
    "$app_dir/vakka" --register "$register" demo --clients 3 >/dev/null

# A free display number.
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do
    display=$((display + 1))
done
export DISPLAY=":$display"
Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >"$scratch/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    xdotool getdisplaygeometry >/dev/null 2>&1 && break
    sleep 0.2
done
openbox >"$scratch/openbox.log" 2>&1 &
pids+=($!)
sleep 1

"${in_lang[@]}" "$app_dir/vakka-app" --register "$register" >"$scratch/app.log" 2>&1 &
app_pid=$!
pids+=($app_pid)

window=""
for _ in $(seq $((timeout_s * 2))); do
    if ! kill -0 "$app_pid" 2>/dev/null; then
        echo "vakka-app exited before showing a window:" >&2
        cat "$scratch/app.log" >&2
        exit 1
    fi
    window=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -n 1 || true)
    [ -n "$window" ] && break
    sleep 0.5
done
if [ -z "$window" ]; then
    echo "no window from vakka-app within ${timeout_s}s" >&2
    cat "$scratch/app.log" >&2
    exit 1
fi
sleep 2  # let it paint
echo "window: $(xdotool getwindowname "$window") ($window)"
mkdir -p "$(dirname "$out")"
# The window with openbox's frame (title bar) around it.
import -display "$DISPLAY" -window "$window" -frame "$out"
echo "screenshot: $out"

"""``python -m benchmarks [--scale S] [--out FILE.json]`` from the checkout."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.stats import median, percentile


def machine() -> dict[str, object]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def gui_figures(folder: Path, home: Path, clients: int, heavy: str, runs: int) -> dict[str, float]:
    from benchmarks.startup import child_environment

    env = child_environment(home)
    usable: list[float] = []
    typing: list[float] = []
    clearing: list[float] = []
    peak = 0.0
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-m", "benchmarks.gui", str(folder), str(clients), heavy],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            cwd=Path(__file__).resolve().parent.parent,
        )
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        if result.returncode != 0 or not lines:
            raise RuntimeError(f"the GUI benchmark failed:\n{result.stderr[-3000:]}")
        answer = json.loads(lines[-1])
        usable.append(float(answer["usable_s"]))
        typing += [float(t) for t in answer["typing_s"]]
        clearing += [float(t) for t in answer["clearing_s"]]
        peak = max(peak, float(answer["peak_rss_mb"]))
    keystrokes = typing + clearing
    return {
        "main_window_usable_s": median(usable),
        "search_keystroke_p50_ms": 1000 * median(keystrokes),
        "search_keystroke_p95_ms": 1000 * percentile(keystrokes, 0.95),
        "search_clearing_p95_ms": 1000 * percentile(clearing, 0.95),
        "peak_rss_mb": peak,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 5,000 clients (default)")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from benchmarks import measure
    from benchmarks.data import generate
    from benchmarks.report import figures_json, table
    from benchmarks.startup import measure_start

    quick = args.scale < 0.2
    repeats = 3 if quick else 7
    begun = time.perf_counter()
    values: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory(prefix="vakka-benchmark-") as work:
        root = Path(work)
        home = root / "home"
        home.mkdir()
        # Only the benchmark's own folders: never the user's preferences or registers.
        for name, sub in (
            ("HOME", ""),
            ("XDG_CONFIG_HOME", ".config"),
            ("XDG_DATA_HOME", ".local/share"),
            ("XDG_CACHE_HOME", ".cache"),
            ("XDG_STATE_HOME", ".local/state"),
        ):
            os.environ[name] = str(home / sub) if sub else str(home)
        print(f"Generating the register at scale {args.scale} …", file=sys.stderr, flush=True)
        data = generate(root / "register", args.scale)
        generated = time.perf_counter() - begun
        print(f"  {data.scale} in {generated:.1f} s; measuring …", file=sys.stderr, flush=True)
        values |= measure_start(data.folder, home, repeats)
        values |= measure.unlock_ratio(data.folder, 3 if quick else 5)
        values |= measure.session_figures(data, repeats)
        values |= gui_figures(
            data.folder, home, data.scale.clients, data.heavy_client, 1 if quick else 3
        )
    result = {
        "scale": args.scale,
        "counts": {
            "clients": data.scale.clients,
            "appointments": data.scale.appointments,
            "notes": data.scale.notes,
            "invoices": data.scale.invoices,
            "notes_of_heaviest_client": data.scale.heavy_notes,
        },
        "machine": machine(),
        "generation_s": generated,
        "total_s": time.perf_counter() - begun,
        "figures": figures_json(values),
    }
    print(table(values))
    print(
        f"\n{data.scale.clients} clients, {data.scale.appointments} appointments, "
        f"{data.scale.notes} notes, {data.scale.invoices} invoices; "
        f"{result['machine']['cpus']} CPUs ({result['machine']['cpu_model']}); "
        f"{result['total_s']:.0f} s in all."
    )
    if args.out is not None:
        args.out.write_text(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

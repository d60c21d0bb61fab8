"""The practice-scale benchmark runs end to end (at a tiny scale) and reports every figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.report import FIGURES, NOT_YET, NOT_YET_FIGURES

CHECKOUT = Path(__file__).resolve().parents[2]


def test_the_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scale", "0.002", "--out", str(out)],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    figures = report["figures"]
    assert set(figures) == {figure.key for figure in FIGURES}
    for key, figure in figures.items():
        value = figure["value"]
        if key in NOT_YET_FIGURES:
            assert value == NOT_YET, key
        else:
            assert isinstance(value, int | float) and value > 0, (key, value)
            assert figure["verdict"] in ("pass", "MISS", "—"), key
    assert report["counts"]["clients"] >= 8
    assert report["machine"]["cpus"] >= 1
    for figure in FIGURES:
        assert figure.label in result.stdout  # the table


"""Each figure with its budget and verdict; the table and the JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

NOT_YET = "not yet"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    budget: float | None  # the most it may be; None: reported without a budget
    budget_text: str


FIGURES: tuple[Figure, ...] = (
    Figure("start_ratio", "Start to the unlock window / bare PySide6 dialog", "×", 2.0, "≤ 2×"),
    Figure("start_unlock_window_s", "Start to the unlock window", "s", None, "—"),
    Figure("start_bare_dialog_s", "Start of a bare PySide6 dialog", "s", None, "—"),
    Figure("unlock_ratio", "Unlock of both stores / one key derivation", "×", 1.2, "≤ 1.2×"),
    Figure("unlock_s", "Unlock of both stores", "s", None, "—"),
    Figure("key_derivation_s", "One key derivation", "s", None, "—"),
    Figure("main_window_usable_s", "Main window usable after unlock", "s", 0.3, "≤ 0.3 s"),
    Figure("search_keystroke_p50_ms", "Client search, per keystroke p50", "ms", 16.0, "≤ 16 ms"),
    Figure(
        "search_keystroke_p95_ms",
        "Client search, per keystroke p95 (clearing included)",
        "ms",
        16.0,
        "≤ 16 ms",
    ),
    Figure("search_clearing_p95_ms", "Client search, clearing p95", "ms", 16.0, "≤ 16 ms"),
    Figure("note_search_p95_ms", "Note full-text search p95", "ms", 50.0, "≤ 50 ms"),
    Figure(
        "open_client_p95_ms", "Opening a client with every tab's data p95", "ms", 50.0, "≤ 50 ms"
    ),
    Figure(
        "due_computation_ms", "Due computation over the whole register", "ms", 200.0, "≤ 200 ms"
    ),
    Figure(
        "purge_review_verdicts_s", "Purge review: a verdict for every record", "s", None, "—"
    ),
    Figure("purge_10_percent_s", "Purge of 10 % of the clients", "s", 10.0, "≤ 10 s"),
    Figure("access_answer_s", "Access answer, client with the most notes", "s", 3.0, "≤ 3 s"),
    Figure("access_answer_ratio", "Access answer / raw reportlab", "×", 1.5, "≤ 1.5×"),
    Figure("backup_verify_s", "Backup and verify", "s", None, "—"),
    Figure("restore_s", "Restore", "s", None, "—"),
    Figure(
        "peak_rss_mb", "Peak memory (RSS), large register open in the GUI", "MB", 300.0, "≤ 300 MB"
    ),
    Figure("encryption_ratio", "Same queries, SQLCipher / plain SQLite", "×", 1.3, "≤ 1.3×"),
)

# Features that do not exist yet: their figures join the table when they land.
NOT_YET_FIGURES: tuple[str, ...] = ()


def verdict(figure: Figure, value: float | str) -> str:
    if isinstance(value, str):
        return value
    if figure.budget is None:
        return "—"
    return "pass" if value <= figure.budget else "MISS"


def figures_json(values: Mapping[str, float | str]) -> dict[str, dict[str, object]]:
    result: dict[str, dict[str, object]] = {}
    for figure in FIGURES:
        value = values.get(figure.key, NOT_YET)
        result[figure.key] = {
            "label": figure.label,
            "value": value,
            "unit": figure.unit,
            "budget": figure.budget,
            "verdict": verdict(figure, value),
        }
    return result


def _shown(value: float | str, unit: str) -> str:
    if isinstance(value, str):
        return value
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.3f} s"


def table(values: Mapping[str, float | str]) -> str:
    """A Markdown table: figure, value, budget, verdict."""
    lines = ["| Figure | Value | Budget | Verdict |", "|---|---:|---:|---|"]
    for figure in FIGURES:
        value = values.get(figure.key, NOT_YET)
        lines.append(
            f"| {figure.label} | {_shown(value, figure.unit)} | {figure.budget_text} "
            f"| {verdict(figure, value)} |"
        )
    return "\n".join(lines)

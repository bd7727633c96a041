"""Write a benchmark script's results: one CSV of rows and one Markdown summary, side by side."""

from __future__ import annotations

import csv
from pathlib import Path


def write_results(out: Path, stem: str, rows: list[dict], fields, text: str) -> None:
    """Write `out`/`stem`.csv (the rows, columns `fields`) and `out`/`stem`.md (`text`)."""
    out.mkdir(exist_ok=True)
    with open(out / f"{stem}.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    (out / f"{stem}.md").write_text(text, encoding="utf-8")

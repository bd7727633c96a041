"""Write a benchmark script's results: one CSV of rows and one Markdown summary.

The CSVs that lessons read ship inside the package (`lstm_course/datasets/files/results/`, so an
installed wheel has them); the Markdown summaries stay in `benchmarks/results/` beside the tables
`make bench` writes.
"""

from __future__ import annotations

import csv
from pathlib import Path

from lstm_course.datasets import RESULTS

CSV_DIR = Path(str(RESULTS))
MD_DIR = Path(__file__).resolve().parent / "results"


def write_results(
    stem: str, rows: list[dict], fields, text: str, csv_dir: Path = CSV_DIR, md_dir: Path = MD_DIR
) -> None:
    """Write `csv_dir`/`stem`.csv (the rows, columns `fields`) and `md_dir`/`stem`.md (`text`)."""
    for folder in (csv_dir, md_dir):
        folder.mkdir(parents=True, exist_ok=True)
    with open(csv_dir / f"{stem}.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    (md_dir / f"{stem}.md").write_text(text, encoding="utf-8")

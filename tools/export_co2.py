"""Export the weekly Mauna Loa CO2 record bundled with statsmodels to co2_mauna_loa_weekly.csv.

The course ships the CSV; statsmodels is needed only to re-export it, not to take the course.
Re-export (from the repository root) with:

    pip install statsmodels && python tools/export_co2.py

Columns: `date` (ISO yyyy-mm-dd, the week's date as statsmodels gives it, a Saturday) and
`co2_ppm` (weekly mean CO2 in ppm, one decimal). Missing weeks stay in the file with an EMPTY
`co2_ppm`: they are not filled here; lesson 08 handles them with pandas. After re-exporting,
update the row counts and the SHA-256 in lstm_course/datasets/files/README.md (the script prints
them).
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent / "co2_mauna_loa_weekly.csv"


def main() -> None:
    from statsmodels.datasets import co2

    frame = co2.load_pandas().data  # DatetimeIndex (weekly, Saturdays), column "co2"
    lines = ["date,co2_ppm"]
    for date, value in zip(frame.index, frame["co2"], strict=True):
        text = "" if math.isnan(value) else f"{value:.1f}"
        lines.append(f"{date:%Y-%m-%d},{text}")
    OUT.write_bytes(("\n".join(lines) + "\n").encode("ascii"))
    missing = int(frame["co2"].isna().sum())
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT.name}: {len(frame)} rows, {missing} missing co2_ppm values")
    print(f"dates {frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()

"""Run the benchmarks and write benchmarks/results/: `python -m benchmarks [--quick] [...]`.

Sections: lstm (the readable and the fast NumPy LSTM vs GradientTape over keras.layers.LSTM),
cells (one training epoch, fused layer vs RNN over two cells), notebooks (each notebook's
execution time; with --make-test also the whole `make test`). Prints Markdown tables; writes
results.md, one CSV per section and time_vs_T.png; with --only, results.md keeps the sections not
run as they were. With --update-readme the tables also replace the ones between the
`<!-- benchmarks:start -->` and `<!-- benchmarks:end -->` markers in benchmarks/README.md, and
the notebook times go into the Run time column of the lessons table in the root README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
from importlib import metadata
from pathlib import Path

SECTIONS = ("lstm", "cells", "notebooks")
OUT = Path(__file__).resolve().parent / "results"
README = Path(__file__).resolve().parent.parent / "README.md"  # the lessons table's Run time
BENCH_README = Path(__file__).resolve().parent / "README.md"  # the tables, between MARKERS
MARKERS = ("<!-- benchmarks:start -->", "<!-- benchmarks:end -->")


def format_duration(seconds: float) -> str:
    """'47 s' or '2 min 24 s', as README's lessons table writes run times."""
    whole = round(seconds)
    return f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60} s"


def update_syllabus_times(text: str, rows: list[dict]) -> str:
    """Set the last cell of each lessons-table row linking `notebooks/<name>` to its time."""
    times = {r["notebook"]: r["seconds"] for r in rows}
    lines = text.split("\n")
    for k, line in enumerate(lines):
        name = next((n for n in times if f"](notebooks/{n})" in line), None)
        if name and line.startswith("|") and line.rstrip().endswith("|"):
            cells = line.rstrip().rstrip("|").split("|")
            cells[-1] = f" {format_duration(times[name])} "
            lines[k] = "|".join(cells) + "|"
    return "\n".join(lines)


def replace_between_markers(text: str, tables: str) -> str:
    """`text` with everything between the two MARKERS replaced by `tables`."""
    start, end = (text.find(m) for m in MARKERS)
    if start < 0 or end < start:
        raise ValueError(f"the README must contain {MARKERS[0]} followed by {MARKERS[1]}")
    return text[: start + len(MARKERS[0])] + "\n" + tables.strip() + "\n" + text[end:]


TITLES = {  # how each section's block in results.md starts
    "lstm": "### NumPy LSTMs",
    "cells": "### One training epoch",
    "notebooks": "### Notebook execution",
}


def sections_of(results: str) -> dict[str, str]:
    """results.md's `###` blocks by section name (the blocks whose title is in TITLES)."""
    blocks = ["### " + b for b in results.split("\n### ")[1:]]
    return {
        name: block.strip() + "\n"
        for block in blocks
        for name, title in TITLES.items()
        if block.startswith(title)
    }


def merged_report(header: str, new: dict[str, str], old_results: str) -> str:
    """The report: `header`, then every section in SECTIONS order, the ones run now from `new`,
    the others as `old_results` (the previous results.md) has them."""
    blocks = {**sections_of(old_results), **new}
    return "\n".join([header, "", *[blocks[s] for s in SECTIONS if s in blocks]])


def machine() -> str:
    """One line naming the CPU, cores, Python, NumPy, TensorFlow and any GPU."""
    import keras
    import numpy as np
    import tensorflow as tf

    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            ln.split(":", 1)[1].strip()
            for ln in cpuinfo.read_text(encoding="utf-8").splitlines()
            if ln.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    gpus = tf.config.list_physical_devices("GPU")
    intra = tf.config.threading.get_intra_op_parallelism_threads() or "all cores"
    try:
        jax = f", JAX {metadata.version('jax')} (CPU)"
    except metadata.PackageNotFoundError:
        jax = ""
    return (
        f"{cpu}, {os.cpu_count()} cores, GPUs: {len(gpus)}; Python {platform.python_version()},"
        f" NumPy {np.__version__} (1 BLAS thread), TensorFlow {tf.__version__}"
        f" (intra-op threads: {intra}){jax}, Keras {keras.__version__};"
        f" load average before the run: {load_average()}"
    )


def load_average() -> str:
    """The 1-minute load average (other processes compete for the cores), if the OS reports it."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except (AttributeError, OSError):
        return "unknown"


def markdown(rows: list[dict], digits: int = 2) -> str:
    """A Markdown table of `rows` (dicts with the same keys); floats rounded."""
    keys = list(rows[0])

    def cell(value) -> str:
        if not isinstance(value, float):
            return str(value)
        if value and abs(value) < 10**-digits:
            return f"{value:.1e}"  # e.g. a gradient difference of 3.1e-06
        return f"{value:.{digits}f}"

    fmt = [" | ".join(cell(r[k]) for k in keys) for r in rows]
    return "\n".join(
        ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)] + [f"| {line} |" for line in fmt]
    )


def plot_time_vs_t(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    sweep = [r for r in rows if r["dtype"] == "float32"]
    styles = {"CPU": "s--", "GPU (cuDNN)": "^:"}
    for k, units in enumerate(sorted({r["H"] for r in sweep})):
        color = f"C{k}"  # one colour per H: NumPy fast solid, readable dash-dot, Keras dashed
        for keras_on in sorted({r["keras_on"] for r in sweep}):
            pts = sorted(
                (r["T"], r) for r in sweep if r["H"] == units and r["keras_on"] == keras_on
            )
            ts = [t for t, _ in pts]
            if keras_on == "CPU":  # NumPy runs on the CPU in every row; plot it once
                for kind, style in (("fast", "o-"), ("readable", "x-.")):
                    ms = [r[f"{kind}_ms"] for _, r in pts]
                    ax.plot(ts, ms, style, color=color, label=f"NumPy {kind}, H={units}")
            ax.plot(
                ts,
                [r["keras_tf_function_ms"] for _, r in pts],
                styles[keras_on],
                color=color,
                label=f"Keras tf.function ({keras_on}), H={units}",
            )
    ax.set(
        xlabel="sequence length T",
        ylabel="forward + backward (ms)",
        xscale="log",
        yscale="log",
        title="LSTM forward + backward, batch 64, D=8, float32",
    )
    ticks = sorted({r["T"] for r in sweep})
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.minorticks_off()
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        action="append",
        help="run only this section (repeatable); default: all",
    )
    parser.add_argument("--quick", action="store_true", help="smaller sweep, fewer repeats")
    parser.add_argument(
        "--make-test", action="store_true", help="also time the whole `make test` (adds ~15 min)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument(
        "--jobs", type=int, default=1, help="notebooks executed at once (default 1)"
    )
    parser.add_argument(
        "--update-readme",
        action="store_true",
        help="also write the tables into benchmarks/README.md and the run times into README.md",
    )
    args = parser.parse_args(argv)

    from lstm_course.course.setup import import_tensorflow_quietly, limit_blas_threads

    import_tensorflow_quietly()
    limit_blas_threads(1)
    import pandas as pd

    sections = args.only or list(SECTIONS)
    repeats = 3 if args.quick else 7
    args.out.mkdir(parents=True, exist_ok=True)
    header = f"Measured on: {machine()}"  # before the run, for its load average
    results_md = args.out / "results.md"
    old = results_md.read_text(encoding="utf-8") if results_md.exists() else ""
    kept = [s for s in SECTIONS if s not in sections]
    if args.update_readme and not set(kept) <= set(sections_of(old)):
        parser.error(f"--update-readme needs every section: {results_md} lacks some of {kept}")
    new = {}
    if "lstm" in sections:
        from benchmarks import lstm_speed

        rows = lstm_speed.run(repeats=repeats, quick=args.quick)
        pd.DataFrame(rows).to_csv(args.out / "lstm_speed.csv", index=False)
        plot_time_vs_t(rows, args.out / "time_vs_T.png")
        new["lstm"] = "\n".join(
            [
                TITLES["lstm"] + " (readable, fast) vs GradientTape over keras.layers.LSTM",
                "(median ms; `_fwd_ms` forward only, the other times forward + backward;"
                " `_over_fast` > 1: the readable LSTM is slower; `fast_vs_` < 1: NumPy is faster)",
                "",
                markdown(rows),
                "",
            ]
        )
    if "cells" in sections:
        from benchmarks import cell_speed

        rows = cell_speed.run(repeats=repeats)
        pd.DataFrame(rows).to_csv(args.out / "cell_speed.csv", index=False)
        new["cells"] = "\n".join(
            [
                TITLES["cells"] + " (median s), TensorFlow and JAX backends",
                "(`tf_`: TensorFlow, `jax_`: JAX on the CPU; same models, data and initial"
                " weights; `_ratio_to_keras_LSTM`: over keras.layers.LSTM on the same backend."
                " Each backend's three models are timed in alternation, the two backends one"
                " after the other, so compare `tf_` with `jax_` only from a quiet machine)",
                "",
                markdown(rows),
                "",
            ]
        )
    notebook_rows = []
    if "notebooks" in sections:
        from benchmarks import notebook_times

        notebook_rows = notebook_times.run(jobs=args.jobs)
        rows = notebook_rows + ([notebook_times.time_make_test()] if args.make_test else [])
        pd.DataFrame(rows).to_csv(args.out / "notebook_times.csv", index=False)
        new["notebooks"] = "\n".join(
            [
                TITLES["notebooks"]
                + " (kernel CPU s and wall s, fresh kernel each, TensorFlow on one thread)",
                "",
                markdown(rows, 1),
                "",
            ]
        )
    text = merged_report(header, new, old)
    results_md.write_text(text + "\n", encoding="utf-8")
    print(text)
    if args.update_readme:
        tables = replace_between_markers(BENCH_README.read_text(encoding="utf-8"), text)
        BENCH_README.write_text(tables, encoding="utf-8")
        readme = README.read_text(encoding="utf-8")
        README.write_text(update_syllabus_times(readme, notebook_rows), encoding="utf-8")
        print(f"updated {BENCH_README} and {README}")


if __name__ == "__main__":
    main()

"""Lessons 01-11: the course's data, one module per data set or task.

- `vocabulary`: token <-> id mapping (words or characters) and one-hot encoding (lesson 01).
- `context_switch`: "I like pizza but my friend likes ___" sentences, held-out splits (01).
- `forget_task`: context-switch sentences with 0, 1 or 2 switches, where forgetting pays (07).
- `co2`: the weekly Mauna Loa CO2 record (08).
- `shakespeare`: four plays and the held-out check (09).
- `adding_problem`: add the two marked numbers of a long sequence (10).

The files ship inside the package, in `files/` (their sources, licences and SHA-256 in
`files/README.md`), and are read through `importlib.resources`, so they load the same from a
checkout and from an installed wheel. `files/results/` holds the committed results of the
`benchmarks/` scripts that lessons 04, 09, 10 and 11 read (a grid the lesson shows, not re-runs).
"""

from importlib import resources

DATA = resources.files(__name__) / "files"
RESULTS = DATA / "results"

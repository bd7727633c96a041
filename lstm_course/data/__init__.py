"""Lessons 01-10: the course's data, one module per data set or task.

- `vocabulary`: token <-> id mapping (words or characters) and one-hot encoding (lesson 01).
- `context_switch`: "I like pizza but my friend likes ___" sentences, held-out splits (01).
- `co2`: the weekly Mauna Loa CO2 record, shipped in data/ (08).
- `shakespeare`: four plays, shipped in data/, and the held-out check (09).
- `adding_problem`: add the two marked numbers of a long sequence (10).
"""

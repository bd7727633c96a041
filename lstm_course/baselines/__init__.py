"""Lessons 08-11: the cheap baselines of the literature that every model's number stands beside.

- `ngram` (09): add-k character n-grams; `kneser_ney` (09): interpolated Kneser-Ney, static
  and adaptive; `compression` (09): bits per character of general-purpose compressors;
- `forecasts` (08): seasonal, anchored and harmonic forecasts of a weekly series;
- `registry` (08-11): per task, the baselines by kind and the strongest of each kind.
"""

"""Lessons 02-11: the experiment code of the lessons, what they measure and assert.

- `gap_accuracy` (02, 04): accuracy against the distance the answer must be carried;
- `gradient_flow` (02, 04): how much gradient reaches each earlier step;
- `forget_interventions` (07): clamping gates of a trained LSTM; `probes` (07): linear probes
  with selectivity controls;
- `char_recipe` (09): the character model's recipe, chosen on validation from committed grids;
- `adding_benchmark` (10): the adding problem's protocol and the choice of learning rates;
- `contest` (11): the LSTM against attention on three tasks; `step_cost` (11): the work of
  one generation step.
"""

"""Lessons 00-11: the helper package of lstm-course, what the lessons write once and reuse.

One folder per role, one module per idea, each module opening with the lesson that introduces
it (docs/architecture.md lists them all with the course's names table: i, f, g, o for the gates
with g the candidate, c the cell state, h the hidden state):

- `numpy_nets/`: the networks the lessons write in NumPy (RNN, LSTM step and sequence, the
  fast LSTM, attention, training, gradient check, initialisers, the hand-set LSTM);
- `keras_nets/`: the networks in Keras (the hand-rolled LSTMCell, gate traces, IRNN, the
  character LSTM, lesson 11's contenders and attention model);
- `experiments/`: the lessons' experiment code (gap accuracy, gradient flow, forget
  interventions, probes, the character recipe, the adding benchmark, the contest, step cost);
- `baselines/`: the cheap baselines of the literature (n-grams, Kneser-Ney, compression,
  forecasts) and the registry of the strongest per task;
- `datasets/`: the data sets and tasks, the shipped files and committed results (`files/`);
- `diagrams/`: the figures and the gate explorer; `exercises/`: the checks and the progress
  record; `course/`: the notebook plumbing (setup, environment check, checkout paths, Jupyter).

Importing the package does not import TensorFlow: a notebook first calls
`lstm_course.course.setup.setup_notebook()` (which silences TensorFlow's start-up logs before the
import), then imports what it needs. Only `keras_nets/` imports Keras at import time.
"""

__version__ = "0.1.0"

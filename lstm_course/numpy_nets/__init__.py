"""Lessons 01-11: the networks the lessons write in NumPy, readable first.

- `rnn` (01): the vanilla RNN, forward and backpropagation through time; `training` (01): the
  one softmax, cross-entropy, clipping, Adam and the training loop; `gradcheck` (01): the
  numerical gradient check; `input_checks` (01): shape and dtype errors that name what was expected.
- `lstm_step` (04): one LSTM step, forward and backward; `lstm` (04): the LSTM over a sequence,
  which loops `lstm_step.step`; `lstm_fast` (04): the same numbers, faster; `initializers` (04).
- `hand_set_lstm` (03): an LSTM whose weights are set by hand for the context-switch sentence.
- `attention` (11): causal self-attention and its key/value cache.

Nothing here imports Keras or TensorFlow.
"""

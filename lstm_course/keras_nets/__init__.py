"""Lessons 05-11: the networks in Keras.

- `cell` (05): the hand-rolled `LSTMCell`, equal to `keras.layers.LSTM` inside `keras.layers.RNN`;
- `gate_traces` (05): every gate and state of a trained Keras LSTM at every step;
- `char_lstm` (09): the character-level language model, its streams and bits per character;
- `irnn` (10): the IRNN of Le, Jaitly and Hinton (2015);
- `contenders` (11): learning-rate walks and re-initialisation of compiled models;
- `attention` (11): the one-block attention model and its position layer.

The modules of this folder import Keras (and so TensorFlow) when imported; nothing outside it
does at import time (tests/test_notebook_setup.py).
"""

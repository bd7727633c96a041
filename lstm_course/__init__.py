"""Lessons 00-10: the helper package of lstm-course, what the lessons write once and reuse.

One module per idea, each opening with the lesson that introduces it; README.md ("Package
layout") lists them all with the course's names table (i, f, g, o for the gates with g the
candidate, c the cell state, h the hidden state).

Importing the package does not import TensorFlow: a notebook first calls
`lstm_course.notebook_setup.setup_notebook()` (which silences TensorFlow's start-up
logs before the import), then imports what it needs.
"""

__version__ = "0.1.0"

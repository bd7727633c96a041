"""Helper package for the lstm-course notebooks.

Importing the package does not import TensorFlow: a notebook first calls
`lstm_course.notebook_setup.setup_notebook()` (which silences TensorFlow's start-up
logs before the import), then imports what it needs.
"""

__version__ = "0.1.0"

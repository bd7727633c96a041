"""Lesson 00: `python -m lstm_course.exercises` (or `make progress`) lists your progress."""

from lstm_course.exercises import progress

progress()

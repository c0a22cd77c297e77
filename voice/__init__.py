"""Pupil voice: child-friendly, accessible forms through which pupils give their views."""

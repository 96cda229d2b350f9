"""Judging: panels, conflicts of interest, assignments, scores, interviews and decisions."""

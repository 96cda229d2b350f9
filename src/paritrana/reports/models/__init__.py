"""Models of the reports app (each in its own module, imported here)."""

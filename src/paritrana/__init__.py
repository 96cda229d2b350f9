"""Paritrana: the Paritrana Award and Universal Coverage Jamsostek, end to end."""

__version__ = "0.1.0"

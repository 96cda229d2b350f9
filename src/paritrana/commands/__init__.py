"""Every state-changing action of Paritrana, one command each (see `registry`).

Importing this package registers them all; interfaces import the command they call from its
module (`from paritrana.commands.decisions import confirm_juara`).
"""

from __future__ import annotations

from paritrana.commands.registry import REGISTRY, Command, command

__all__ = ["REGISTRY", "Command", "command", "load_all"]


def load_all() -> dict[str, Command]:
    """Import every command module, so REGISTRY is complete."""
    import importlib
    import pkgutil

    import paritrana.commands as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "registry":
            importlib.import_module(f"paritrana.commands.{info.name}")
    return REGISTRY

"""Every registered command is exercised by a test of tests/commands/ that asserts its audit
entry: each test module lists the commands it covers in EXERCISED."""

from __future__ import annotations

import importlib
import pkgutil

import tests.commands as package
from paritrana.commands import load_all


def _exercised() -> set[str]:
    names: set[str] = set()
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("test_"):
            module = importlib.import_module(f"tests.commands.{info.name}")
            names |= set(getattr(module, "EXERCISED", ()))
    return names


def test_every_registered_command_has_a_test_of_its_audit_entry():
    registered = set(load_all())
    assert registered, "no command registered"
    assert sorted(registered - _exercised()) == []


def test_no_test_claims_a_command_that_does_not_exist():
    assert sorted(_exercised() - set(load_all())) == []

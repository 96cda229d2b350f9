"""Settings helpers fail loudly on bad values instead of guessing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from paritrana.env import env_bool, env_int, env_list


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ya")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.delenv("X_FLAG")
    assert env_bool("X_FLAG", True) is True


def test_env_bool_rejects_a_typo_naming_the_variable(monkeypatch):
    monkeypatch.setenv("PARITRANA_DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="PARITRANA_DEBUG='ture'"):
        env_bool("PARITRANA_DEBUG", False)


def test_env_int_rejects_text_and_out_of_range(monkeypatch):
    monkeypatch.setenv("X_PORT", "delapan")
    with pytest.raises(ImproperlyConfigured, match="bukan bilangan bulat"):
        env_int("X_PORT", 8000)
    monkeypatch.setenv("X_PORT", "-1")
    with pytest.raises(ImproperlyConfigured, match=">= 1"):
        env_int("X_PORT", 8000, minimum=1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example, b.example,,")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]


def test_default_language_is_bahasa_indonesia(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


def test_production_hashes_passwords_with_a_slow_hasher():
    """The test suite swaps in a fast hasher (tests/conftest.py); the shipped settings do not
    (tests/test_passwords.py checks Argon2 and the PBKDF2 upgrade path)."""
    from paritrana import settings as shipped

    assert shipped.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")

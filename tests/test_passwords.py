"""Passwords are hashed with Argon2; accounts hashed with PBKDF2 before still log in, and their
hash is upgraded to Argon2 when they do."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from paritrana import settings as shipped


@pytest.fixture
def shipped_hashers(settings):
    """The shipped list, not the suite's fast one (tests/conftest.py)."""
    settings.PASSWORD_HASHERS = shipped.PASSWORD_HASHERS
    return shipped.PASSWORD_HASHERS


def test_the_shipped_settings_hash_with_argon2_first_and_keep_pbkdf2():
    assert shipped.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in shipped.PASSWORD_HASHERS


def test_a_new_password_is_hashed_with_argon2(shipped_hashers):
    encoded = make_password("kata-sandi-panjang-2025")
    assert encoded.startswith("argon2$argon2id$")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert check_password("kata-sandi-panjang-2025", encoded)
    assert not check_password("kata-sandi-lain", encoded)


def test_a_pbkdf2_hash_still_verifies(shipped_hashers):
    old = make_password("kata-sandi-lama-2024", hasher="pbkdf2_sha256")
    assert old.startswith("pbkdf2_sha256$")
    assert check_password("kata-sandi-lama-2024", old)
    assert not check_password("salah", old)


def test_a_pbkdf2_account_logs_in_and_is_upgraded_to_argon2(shipped_hashers, django_user_model):
    user = django_user_model.objects.create(username="lama")
    user.password = make_password("kata-sandi-lama-2024", hasher="pbkdf2_sha256")
    user.save()

    assert authenticate(username="lama", password="kata-sandi-lama-2024") == user

    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert authenticate(username="lama", password="kata-sandi-lama-2024") == user

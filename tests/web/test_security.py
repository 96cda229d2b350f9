"""Security headers on every response, login throttling, and a clean deployment check."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_page_carries_a_strict_content_security_policy(client, regions):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_repeated_failed_logins_lock_the_account_for_a_while(client, django_user_model):
    django_user_model.objects.create_user("penilai", password="kata-sandi-yang-benar")
    for _ in range(5):
        response = client.post("/masuk/", {"username": "penilai", "password": "salah"})
        assert response.status_code == 200
    # The right password no longer helps while the lockout lasts.
    response = client.post("/masuk/", {"username": "penilai", "password": "kata-sandi-yang-benar"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()  # the lockout expires
    response = client.post("/masuk/", {"username": "penilai", "password": "kata-sandi-yang-benar"})
    assert response.status_code == 302


def test_a_successful_login_clears_earlier_failures(client, django_user_model):
    django_user_model.objects.create_user("penilai", password="kata-sandi-yang-benar")
    for _ in range(4):
        client.post("/masuk/", {"username": "penilai", "password": "salah"})
    assert (
        client.post(
            "/masuk/", {"username": "penilai", "password": "kata-sandi-yang-benar"}
        ).status_code
        == 302
    )
    client.logout()
    for _ in range(4):
        assert (
            client.post("/masuk/", {"username": "penilai", "password": "salah"}).status_code == 200
        )


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "PARITRANA_DATA_DIR": str(tmp_path),
        "PARITRANA_HTTPS": "true",
        "PARITRANA_DEBUG": "false",
        "PARITRANA_SECRET_KEY": "kP3v9Zq2Lm8Xw4Rt7Yb1Nc6Hd5Jf0Gs2Ae9Ui3Ok7Tz1Qx4Vw8By5",
        "PARITRANA_ALLOWED_HOSTS": "paritrana.kemenkopmk.go.id",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "paritrana",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_one_shared_address_is_not_locked_out_by_a_few_failures(client, django_user_model):
    """Colleagues behind one office address: five failures on other accounts do not lock
    out a sixth account; twenty do."""
    django_user_model.objects.create_user("sekda", password="kata-sandi-yang-benar")
    for i in range(5):
        client.post("/masuk/", {"username": f"staf{i}", "password": "salah"})
    good = {"username": "sekda", "password": "kata-sandi-yang-benar"}
    assert client.post("/masuk/", good).status_code == 302
    client.logout()
    for i in range(20):
        client.post("/masuk/", {"username": f"tamu{i}", "password": "salah"})
    assert client.post("/masuk/", good).status_code == 429

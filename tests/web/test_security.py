"""Security headers on every response and a clean deployment check (the login lockout:
test_login_lockout.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_every_page_carries_a_strict_content_security_policy(client, regions):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.own_sqlite  # a process on a SQLite file of its own
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

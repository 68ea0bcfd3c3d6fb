"""Production settings: nothing secret has a default, and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environ.update(ENV_FILE=str(ROOT / "no-such-env-file"))
    environ.update(DJANGO_SETTINGS_MODULE="cms.settings.base")
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_secret_key_fails_loudly(tmp_path):
    result = run_manage(
        "check",
        DEBUG="1",
        ENV_FILE=str(tmp_path / "none"),
        DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_debug_off_and_real_secrets(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-Ab9!" * 2,
        ALLOWED_HOSTS="velkomst.example.dk",
        DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
    )
    assert result.returncode == 0, result.stdout + result.stderr

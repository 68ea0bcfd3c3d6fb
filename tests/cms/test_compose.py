"""The production stack (docker-compose.yml): every part is there, every variable it sets is
one the settings read, and with its environment `check --deploy` is clean, media go to the
bucket and e-mails to the database queue. (No Docker engine here: the file is read.)"""

import json
import re

import pytest
import yaml

from tests.cms.test_settings import ROOT, run_manage

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
CMS_SERVICES = ["migrate", "app", "worker"]
READ_ELSEWHERE = {"SKIP_MIGRATE": ROOT / "docker" / "entrypoint.sh"}


def interpolated(value):
    """Compose's `${NAME:-default}` and `${NAME:?error}`, as a shell without NAME set (the
    secret gets a test value)."""
    value = str(value).replace("${SECRET_KEY:?set SECRET_KEY}", "s3cr3t-" * 10)
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def cms_environment(service="app", **changes):
    environment = {
        name: interpolated(value) for name, value in SERVICES[service]["environment"].items()
    }
    return {**environment, **changes}


def test_the_stack_has_every_part():
    assert {"proxy", "app", "website", "worker", "db", "redis", "minio", "minio-bucket"} <= set(
        SERVICES
    )
    assert int(interpolated(SERVICES["app"]["deploy"]["replicas"])) >= 2
    assert SERVICES["worker"]["command"][:3] == ["python", "manage.py", "db_worker"]
    # one migration run, before any app or worker container starts
    for service in ("app", "worker"):
        assert SERVICES[service]["environment"]["SKIP_MIGRATE"] == "1"
        assert SERVICES[service]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


@pytest.mark.parametrize("service", CMS_SERVICES)
def test_every_variable_the_stack_sets_is_read(service):
    settings = (ROOT / "cms" / "settings" / "base.py").read_text()
    for name in SERVICES[service]["environment"]:
        source = READ_ELSEWHERE[name].read_text() if name in READ_ELSEWHERE else settings
        assert re.search(rf"\b{name}\b", source), f"{service}: {name} is read nowhere"


def test_check_deploy_is_clean_with_the_stacks_environment(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **cms_environment(DATABASE_URL=f"sqlite:///{tmp_path}/x.db"),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_media_go_to_the_bucket_and_mail_to_the_queue(tmp_path):
    script = (
        "import json; from django.conf import settings;"
        'from django.core.files.storage import storages; s = storages["default"];'
        "print(json.dumps([type(s).__name__, s.bucket_name, s.url('images/a.jpg'),"
        " settings.TASKS['default']['BACKEND']]))"
    )
    result = run_manage(
        "shell", "-c", script, **cms_environment(DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    )
    assert result.returncode == 0, result.stderr
    storage, bucket, url, tasks = json.loads(result.stdout.strip().splitlines()[-1])
    assert (storage, bucket) == ("S3Storage", "velkomst-media")
    assert url == "http://localhost:8080/media/images/a.jpg"  # Caddy's /media/ → the bucket
    assert tasks == "django_tasks_db.DatabaseBackend"


def test_without_a_bucket_media_stay_on_the_filesystem(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.core.files.storage import storages; print(type(storages['default']).__name__)",
        DEBUG="0",
        SECRET_KEY="s3cr3t-" * 10,
        DATABASE_URL=f"sqlite:///{tmp_path}/x.db",
    )
    assert result.stdout.strip().splitlines()[-1] == "FileSystemStorage", result.stderr

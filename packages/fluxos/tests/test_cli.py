"""The ``fluxos`` command end to end, plus the registry, secrets and test-runner rules behind it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import psutil
import pytest

from fluxkit.crypto import Keyring
from fluxkit.manifest import ServiceManifest
from fluxos._process import free_port
from fluxos.embedded import EmbeddedPostgres, EmbeddedValkey
from fluxos.infra import Infrastructure
from fluxos.services import ManifestError, load_manifests
from fluxos.state import development_secrets, service_credentials_setting
from fluxos.testrun import worker_arguments

FAKES = Path(__file__).parent / "fakes"
FAKE_SERVICES = "fluxos_fake_services:ALPHA,fluxos_fake_services:BETA"


def fluxos_env(services: str | None = FAKE_SERVICES) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL") and not key.endswith("_DATABASE_URL")
    }
    env.pop("FLUXOS_SERVICES", None)
    if services is not None:
        env["FLUXOS_SERVICES"] = services
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(FAKES), env.get("PYTHONPATH")]))
    return env


def fluxos(
    *args: str, env: dict[str, str], timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fluxos", *args],
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _stack_pids(data_dir: Path) -> list[int]:
    state = json.loads((data_dir / "state.json").read_text())
    pids = [state["supervisor"]["pid"], state["gateway"]["pid"]]
    return pids + [state[name]["pid"] for name in ("postgres", "valkey")]


def _works_in(process: psutil.Process, directory: Path) -> bool:
    try:
        return process.cwd().startswith(str(directory))
    except psutil.Error:
        return False


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_up_detach_status_down_and_restart(work_dir: Path) -> None:
    data_dir, port, env = work_dir / "data", free_port(), fluxos_env()
    common = ("--data-dir", str(data_dir))

    started = fluxos("up", "--detach", "--port", str(port), *common, env=env)
    assert started.returncode == 0, started.stdout + started.stderr
    assert f"http://127.0.0.1:{port}" in started.stdout
    assert "admin@alpha.test / alpha-password" in started.stdout
    pids = _stack_pids(data_dir)
    try:
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/readyz").json()["status"] == "ok"
        # Migrations ran and the seed's row is there, through the gateway.
        assert httpx.get(f"{base}/api/v1/alpha/items").json() == ["seeded"]
        assert httpx.get(f"{base}/api/v1/shared/deeper/x").json()["service"] == "beta"
        assert "not built" in httpx.get(f"{base}/inbox").text or httpx.get(f"{base}/").is_success

        status = fluxos("status", *common, env=env)
        assert status.returncode == 0, status.stdout
        assert "healthy" in status.stdout and "alpha" in status.stdout

        again = fluxos("up", "--port", str(port), *common, env=env)
        assert again.returncode == 1 and "already running" in again.stdout

        secrets = (data_dir / "secrets.env").read_text()
        assert "FLUXOS_KEYRING=" in secrets and "ALPHA_SECRET_KEY=" in secrets
        postgres_port = json.loads((data_dir / "state.json").read_text())["postgres"]["port"]
    finally:
        stopped = fluxos("down", *common, env=env)
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert all(_gone(pid) for pid in pids)
    assert not (data_dir / "state.json").exists()
    assert fluxos("status", *common, env=env).returncode == 3

    # A second run keeps the data, the secrets and the database port; the seed has nothing new.
    restarted = fluxos("up", "--detach", "--port", str(port), *common, env=env)
    try:
        assert restarted.returncode == 0, restarted.stdout + restarted.stderr
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/alpha/items").json() == ["seeded"]
        state = json.loads((data_dir / "state.json").read_text())
        assert state["postgres"]["port"] == postgres_port
        assert (data_dir / "secrets.env").read_text() == secrets
    finally:
        assert fluxos("down", *common, env=env).returncode == 0


def test_up_fails_clearly_and_leaves_nothing_running(work_dir: Path) -> None:
    data_dir = work_dir / "data"
    env = fluxos_env("fluxos_fake_services:ALPHA,fluxos_fake_services:GAMMA_BROKEN_SEED")
    result = fluxos("up", "--port", str(free_port()), "--data-dir", str(data_dir), env=env)
    assert result.returncode == 1
    assert "seeding gamma failed" in result.stdout
    assert "the seed data is inconsistent" in result.stdout
    assert not (data_dir / "state.json").exists()
    leftovers = [p.pid for p in psutil.process_iter() if _works_in(p, data_dir)]
    assert leftovers == []


def test_up_refuses_a_busy_port(work_dir: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = fluxos("up", "--port", str(port), "--data-dir", str(work_dir), env=fluxos_env())
    assert result.returncode == 1
    assert f"port {port}" in result.stdout and "already in use" in result.stdout


def test_unknown_service_manifest_is_a_clear_error(work_dir: Path) -> None:
    result = fluxos(
        "migrate", "--data-dir", str(work_dir), env=fluxos_env("nowhere.manifest:MANIFEST")
    )
    assert result.returncode == 1
    assert "nowhere.manifest" in result.stdout


def test_migrate_creates_and_migrates_then_stops(work_dir: Path) -> None:
    env = fluxos_env()
    result = fluxos("migrate", "--data-dir", str(work_dir), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Migrating alpha" in result.stdout and "Migrating beta" in result.stdout
    assert "Starting Valkey" not in result.stdout  # migrations need no Redis
    assert not (work_dir / "state.json").exists()
    assert (work_dir / "postgres" / "data" / "PG_VERSION").exists()
    assert not (work_dir / "postgres" / "data" / "postmaster.pid").exists()


def test_external_database_and_redis_are_used_instead_of_embedded(work_dir: Path) -> None:
    with (
        EmbeddedPostgres(None, None, ephemeral=True) as postgres,
        EmbeddedValkey(None, None, ephemeral=True) as valkey,
    ):
        env = {**fluxos_env(), "DATABASE_URL": postgres.url("postgres"), "REDIS_URL": valkey.url()}
        result = fluxos("migrate", "--data-dir", str(work_dir / "data"), env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Starting Postgres" not in result.stdout
        assert "Starting Valkey" not in result.stdout
        for service in ("alpha", "beta"):
            assert postgres.psql("SELECT count(*) FROM items", service).strip() == "0"
        assert not (work_dir / "data" / "postgres").exists()


def test_fluxos_test_passes_arguments_and_exit_code(work_dir: Path) -> None:
    (work_dir / "test_probe.py").write_text(
        "import os, socket\n"
        "from urllib.parse import urlparse\n"
        "def _port(name):\n"
        "    return urlparse(os.environ[name].replace('+asyncpg', '')).port\n"
        "def test_servers_answer():\n"
        "    for name in ('FLUXOS_TEST_DATABASE_URL', 'FLUXOS_TEST_REDIS_URL'):\n"
        "        socket.create_connection(('127.0.0.1', _port(name)), timeout=2).close()\n"
        "    assert os.environ['FLUXOS_TEST_DATABASE_URL'].endswith('/postgres')\n"
        "def test_fails():\n"
        "    assert False\n"
    )
    env = fluxos_env(None)
    env.pop("FLUXOS_TEST_DATABASE_URL", None)
    env.pop("FLUXOS_TEST_REDIS_URL", None)
    passing = fluxos("test", str(work_dir), "--", "-k", "answer", "-q", env=env)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "1 passed" in passing.stdout
    failing = fluxos("test", str(work_dir / "test_probe.py"), "-n", "0", env=env)
    assert failing.returncode == 1
    assert "1 failed, 1 passed" in failing.stdout


def test_up_runs_the_real_services(work_dir: Path) -> None:
    data_dir, port, env = work_dir / "data", free_port(), fluxos_env(None)
    started = fluxos("up", "--detach", "--port", str(port), "--data-dir", str(data_dir), env=env)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        assert "Log in as" in started.stdout
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/readyz").status_code == 200
        assert httpx.get(f"{base}/api/v1/inkpass/openapi.json").status_code == 200
        assert httpx.get(f"{base}/.well-known/jwks.json").status_code == 200
        status = fluxos("status", "--data-dir", str(data_dir), env=env)
        assert status.returncode == 0 and "inkpass" in status.stdout
    finally:
        assert fluxos("down", "--data-dir", str(data_dir), env=env).returncode == 0


# -- the rules behind the commands -----------------------------------------------------------


def test_worker_count_defaults_and_yields_to_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLUXOS_TEST_WORKERS", raising=False)
    default = worker_arguments(["services/inkpass/tests"])
    assert default[0] == "-n" and int(default[1]) >= 2
    for chosen in (["-n", "4"], ["-n4"], ["-nauto"], ["--numprocesses=3"], ["-p", "no:xdist"]):
        assert worker_arguments(chosen) == [], chosen
    monkeypatch.setenv("FLUXOS_TEST_WORKERS", "auto")
    assert worker_arguments(["-k", "foo"]) == ["-n", "auto"]


def test_development_secrets_are_generated_once_and_extended(work_dir: Path) -> None:
    first = development_secrets(work_dir, ["inkpass"])
    assert set(first) >= {"FLUXOS_KEYRING", "INKPASS_SECRET_KEY"}
    # InkPass has a credential of its own too: it calls Mimic to send its emails.
    assert first["INKPASS_SERVICE_TOKEN"].startswith("flxs_")
    Keyring.from_spec(first["FLUXOS_KEYRING"])  # a valid keyring
    assert stat.S_IMODE((work_dir / "secrets.env").stat().st_mode) == 0o600
    second = development_secrets(work_dir, ["inkpass", "tentacle"])
    assert {k: second[k] for k in first} == first
    assert "TENTACLE_SECRET_KEY" in second
    assert second["TENTACLE_SERVICE_TOKEN"].startswith("flxs_")
    assert second["TENTACLE_SERVICE_TOKEN"] != second["INKPASS_SERVICE_TOKEN"]
    assert service_credentials_setting(second, ["inkpass", "tentacle"]) == (
        f"inkpass={second['INKPASS_SERVICE_TOKEN']},tentacle={second['TENTACLE_SERVICE_TOKEN']}"
    )
    assert development_secrets(work_dir, ["inkpass", "tentacle"]) == second


def _manifest(name: str) -> ServiceManifest:
    return ServiceManifest(name, f"{name}.app:create_app", (f"/api/v1/{name}",), Path("."))


def test_inkpass_sends_through_mimic_and_registers_its_own_credential(work_dir: Path) -> None:
    names = ["inkpass", "mimic"]
    secrets = development_secrets(work_dir, names)
    infra = Infrastructure(
        work_dir,
        [_manifest(name) for name in names],
        environ={"INKPASS_SMTP_PORT": "2525"},
        database_urls={name: f"postgresql://db/{name}" for name in names},
    )
    wanted = infra.service_environment(secrets, "http://127.0.0.1:9000")
    assert wanted["INKPASS_MIMIC_URL"] == "http://127.0.0.1:9000"
    assert wanted["INKPASS_SERVICE_TOKEN"] == secrets["INKPASS_SERVICE_TOKEN"]
    registered = dict(
        pair.split("=", 1) for pair in wanted["INKPASS_SERVICE_CREDENTIALS"].split(",")
    )
    assert registered == {
        "inkpass": secrets["INKPASS_SERVICE_TOKEN"],
        "mimic": secrets["MIMIC_SERVICE_TOKEN"],
    }
    # Without Mimic in the stack InkPass keeps sending with SMTP; a user's choice always wins.
    alone = Infrastructure(
        work_dir, [_manifest("inkpass")], database_urls={"inkpass": "postgresql://db/inkpass"}
    )
    assert "INKPASS_MIMIC_URL" not in alone.service_environment(secrets, "http://127.0.0.1:9000")
    infra.environ = {"INKPASS_MIMIC_URL": "https://mimic.internal"}
    assert "INKPASS_MIMIC_URL" not in infra.service_environment(secrets, "http://127.0.0.1:9000")


def test_tentacle_reaches_mimic_and_den_at_the_public_url(work_dir: Path) -> None:
    names = ["inkpass", "mimic", "den", "tentacle"]
    infra = Infrastructure(
        work_dir,
        [_manifest(name) for name in names],
        database_urls={name: f"postgresql://db/{name}" for name in names},
    )
    secrets = development_secrets(work_dir, names)
    wanted = infra.service_environment(secrets, "http://127.0.0.1:9000")
    assert wanted["TENTACLE_MIMIC_URL"] == "http://127.0.0.1:9000"
    assert wanted["TENTACLE_DEN_URL"] == "http://127.0.0.1:9000"
    # Without Den in the stack nothing points at it; a user's choice always wins.
    no_den = Infrastructure(
        work_dir,
        [_manifest(name) for name in ("mimic", "tentacle")],
        database_urls={name: f"postgresql://db/{name}" for name in ("mimic", "tentacle")},
    )
    assert "TENTACLE_DEN_URL" not in no_den.service_environment(secrets, "http://x:1")
    infra.environ = {"TENTACLE_MIMIC_URL": "https://mimic.internal"}
    assert "TENTACLE_MIMIC_URL" not in infra.service_environment(secrets, "http://x:1")


def test_registry_honours_the_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLUXOS_SERVICES", FAKE_SERVICES)
    assert [m.name for m in load_manifests()] == ["alpha", "beta"]
    with pytest.raises(ManifestError, match="not a ServiceManifest"):
        load_manifests(["fluxos_fake_services:create_alpha"])
    with pytest.raises(ManifestError, match="share the name"):
        load_manifests(["fluxos_fake_services:ALPHA", "fluxos_fake_services:ALPHA"])
    with pytest.raises(ManifestError, match="module:attribute"):
        load_manifests(["fluxos_fake_services"])
    monkeypatch.delenv("FLUXOS_SERVICES")
    assert "inkpass" in [m.name for m in load_manifests()]

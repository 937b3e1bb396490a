"""Embedded Postgres and Valkey: lifecycle, data kept across restarts, ports remembered."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import psutil
import pytest
import redis

from fluxos._process import free_port
from fluxos.embedded import EmbeddedPostgres, EmbeddedServerError, EmbeddedValkey


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_postgres_keeps_data_and_port_across_restarts(work_dir: Path) -> None:
    postgres = EmbeddedPostgres(work_dir / "pg", None)
    postgres.start()
    port, pid = postgres.port, postgres.pid
    assert port not in (5432, 6379)
    assert postgres.url("app") == f"postgresql+asyncpg://postgres@127.0.0.1:{port}/app"
    assert postgres.socket_dir is not None
    assert (postgres.socket_dir / f".s.PGSQL.{port}").is_socket()
    socket_dir = postgres.socket_dir
    postgres.ensure_database("app")
    postgres.psql("CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')", "app")
    postgres.stop()

    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert not _listening(port)
    assert not socket_dir.exists()

    again = EmbeddedPostgres(work_dir / "pg", None)
    again.start()
    try:
        assert again.port == port
        assert again.psql("SELECT body FROM notes", "app").strip() == "kept"
    finally:
        again.stop()


def test_postgres_databases_get_pgvector(work_dir: Path) -> None:
    with EmbeddedPostgres(work_dir / "pg", None, ephemeral=True) as postgres:
        url = postgres.ensure_database("vectors")
        assert url.endswith("/vectors")
        assert postgres.ensure_database("vectors") == url  # idempotent
        postgres.psql("CREATE TABLE e (v vector(3)); INSERT INTO e VALUES ('[1,2,3]')", "vectors")
        nearest = postgres.psql("SELECT v <-> '[1,2,4]' FROM e", "vectors").strip()
        assert float(nearest) == 1.0
        with pytest.raises(ValueError):
            postgres.ensure_database('x"; DROP DATABASE postgres; --')


def test_postgres_runs_unprivileged_and_listens_on_loopback_only(work_dir: Path) -> None:
    with EmbeddedPostgres(work_dir / "pg", None, ephemeral=True) as postgres:
        assert postgres.pid is not None
        user = psutil.Process(postgres.pid).username()
        if os.geteuid() == 0:
            assert user == "embedded_postgres"
        hba = (postgres.pgdata / "pg_hba.conf").read_text()
        assert "0.0.0.0" not in hba and "::" not in hba
        assert postgres.psql("SHOW listen_addresses").strip() == "127.0.0.1"


def test_postgres_explicit_port_is_remembered(work_dir: Path) -> None:
    port = free_port()
    with EmbeddedPostgres(work_dir / "pg", port) as postgres:
        assert postgres.port == port
    with EmbeddedPostgres(work_dir / "pg", None) as postgres:
        assert postgres.port == port


def test_postgres_refuses_a_second_server_on_the_same_data(work_dir: Path) -> None:
    with EmbeddedPostgres(work_dir / "pg", None) as first:
        second = EmbeddedPostgres(work_dir / "pg", None)
        with pytest.raises(EmbeddedServerError, match="already running"):
            second.start()
        assert second.orphan_pid() == first.pid
        assert first.psql("SELECT 1").strip() == "1"


def test_postgres_ignores_a_stale_pid_file(work_dir: Path) -> None:
    with EmbeddedPostgres(work_dir / "pg", None) as postgres:
        pgdata = postgres.pgdata
    # The pid now belongs to another process (here: this test run), as after a reboot.
    stale = pgdata / "postmaster.pid"
    stale.write_text(f"{os.getpid()}\n{pgdata}\n0\n5432\n\n\n\nready\n")
    with EmbeddedPostgres(work_dir / "pg", None) as postgres:
        assert postgres.psql("SELECT 1").strip() == "1"


def test_postgres_start_failure_reports_the_log(work_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        postgres = EmbeddedPostgres(work_dir / "pg", port, start_timeout=20)
        with pytest.raises(EmbeddedServerError) as failure:
            postgres.start()
    message = str(failure.value)
    assert "postgres" in message and "exited" in message
    assert "could not" in message.lower()  # the server's own words from its log
    assert not postgres.is_running()


def test_valkey_persists_across_restarts_and_reuses_its_port(work_dir: Path) -> None:
    valkey = EmbeddedValkey(work_dir / "vk", None)
    valkey.start()
    port = valkey.port
    assert valkey.url() == f"redis://127.0.0.1:{port}/0"
    assert valkey.url(3).endswith("/3")
    assert valkey.unix_socket is not None and valkey.unix_socket.is_socket()
    client = redis.Redis.from_url(valkey.url())
    client.set("greeting", "hello")
    client.close()
    valkey.stop()
    assert not _listening(port)

    with EmbeddedValkey(work_dir / "vk", None) as again:
        assert again.port == port
        client = redis.Redis.from_url(again.url())
        assert client.get("greeting") == b"hello"
        assert client.config_get("appendonly")["appendonly"] == "yes"
        client.close()


def test_ephemeral_valkey_keeps_nothing(work_dir: Path) -> None:
    valkey = EmbeddedValkey(None, None, ephemeral=True)
    valkey.start()
    data_dir = valkey.data_dir
    client = redis.Redis.from_url(valkey.url())
    assert client.config_get("save")["save"] == ""
    assert client.config_get("appendonly")["appendonly"] == "no"
    client.close()
    valkey.stop()
    assert not data_dir.exists()
    valkey.stop()  # stopping twice is harmless


def test_persistent_servers_need_a_data_dir() -> None:
    with pytest.raises(ValueError):
        EmbeddedValkey(None, None)


def test_a_server_left_behind_can_be_stopped_by_a_later_run(work_dir: Path) -> None:
    left_behind = EmbeddedPostgres(work_dir / "pg", None)
    left_behind.start()
    pid = left_behind.pid
    assert pid is not None
    later = EmbeddedPostgres(work_dir / "pg", None)
    assert later.stop_orphan() is True
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert later.stop_orphan() is False
    left_behind.stop()  # its own handle notices the process is gone
    later.start()
    later.stop()

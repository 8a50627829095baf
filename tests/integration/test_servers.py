"""The integration test tooling works: real PostgreSQL, Redis and Celery worker processes."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from tests.integration.conftest import ScaledOut
from tests.integration.servers import REPO_ROOT, PostgresServer, RedisServer, WorkerPool, group_members, wait_until

PROBE = "tests.integration.probe_tasks"


def test_postgres_accepts_connections_and_queries(postgres_server: PostgresServer, postgres_url: str) -> None:
    assert postgres_url == f"postgres://postgres@127.0.0.1:{postgres_server.port}/stepcraft"
    with postgres_server.connect() as conn:
        assert conn.execute("SELECT 1 + 1").fetchone() == (2,)
        assert conn.execute("SELECT current_database()").fetchone() == ("stepcraft",)
        settings = dict(conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('fsync', 'synchronous_commit', 'full_page_writes', 'listen_addresses')"
        ).fetchall())
    assert settings == {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                        "listen_addresses": "127.0.0.1"}


def test_postgres_url_works_for_psycopg_directly(postgres_url: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url.replace("postgres://", "postgresql://"), connect_timeout=5) as conn:
        assert conn.execute("SHOW server_version_num").fetchone()[0] >= "150000"  # type: ignore[index]


def test_redis_ping_and_restart_on_the_same_port(redis_server: RedisServer) -> None:
    assert redis_server.url == f"redis://127.0.0.1:{redis_server.port}/0"
    port = redis_server.port
    with redis_server.client() as client:
        assert client.ping()
        client.set("stepcraft:probe", "1")
        assert client.get("stepcraft:probe") == b"1"
    redis_server.restart()
    assert redis_server.port == port
    with redis_server.client() as client:
        assert client.ping()
        assert client.get("stepcraft:probe") is None  # no persistence
        client.set("stepcraft:probe", "2")
    redis_server.restart(hard=False, downtime=0.1)  # SHUTDOWN NOSAVE this time
    with redis_server.client() as client:
        assert client.ping() and client.dbsize() == 0


def test_redis_outage_then_back(redis_server: RedisServer) -> None:
    import redis

    redis_server.kill()
    with pytest.raises(redis.ConnectionError), redis_server.client(socket_connect_timeout=1) as client:
        client.ping()
    redis_server.start()
    with redis_server.client() as client:
        assert client.ping()


@pytest.mark.django_db(transaction=True)
def test_django_uses_the_migrated_postgres_database(postgres_server: PostgresServer) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"] == postgres_server.dbname  # the database itself, no test_ copy
    assert connection.settings_dict["PORT"] == postgres_server.port
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []  # nothing left to apply
    assert executor.loader.applied_migrations
    Group.objects.create(name="committed")
    # Another connection (as a worker process would open) sees the row: it is committed.
    with postgres_server.connect() as conn:
        assert conn.execute("SELECT name FROM auth_group").fetchall() == [("committed",)]


@pytest.mark.django_db(transaction=True)
def test_tables_are_emptied_between_transactional_tests(postgres_server: PostgresServer) -> None:
    from django.contrib.auth.models import Group

    assert not Group.objects.exists()  # the previous test's row is gone


def test_two_workers_answer_ping_and_survive_each_other(celery_workers: Callable[..., WorkerPool]) -> None:
    workers = celery_workers(2)
    assert workers.ping() == set(workers.names)
    assert all(w.alive for w in workers)

    # The stock command-line check works too.
    answer = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "stepcraft", "inspect", "ping", "-d", ",".join(workers.names),
         "--timeout", "10"],
        cwd=REPO_ROOT, env=workers.env, capture_output=True, text=True, timeout=60,
    )
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert all(name in answer.stdout for name in workers.names)

    main_pid = workers[0].pid
    assert main_pid is not None
    workers.kill(0)  # SIGKILL to w0's process group: main process and pool child
    assert not workers[0].alive
    assert workers.ping() == {workers[1].name}
    assert group_members(main_pid) == []  # nothing of its group is left

    workers.restart(0)
    assert workers.ping() == set(workers.names)
    workers.stop(1)  # warm shutdown
    assert not workers[1].alive
    assert workers.ping() == {workers[0].name}


def test_workers_share_the_test_database_and_broker(
    celery_workers: Callable[..., WorkerPool], scaled_out: ScaledOut
) -> None:
    from django.contrib.auth.models import Group

    from stepcraft.celery import app

    workers = celery_workers(2, concurrency=2, pool="threads", include=[PROBE])
    Group.objects.create(name="from-test")  # committed: transactional_db
    for i in range(4):
        app.send_task("stepcraft_tests.copy_group", args=["from-test", f"copy{i}"])  # through Redis
    copies = Group.objects.filter(name__startswith="copy").values_list("name", flat=True)
    wait_until(lambda: copies.count() == 4, timeout=30, message="4 rows written by the workers")
    assert {name.split("|")[1] for name in copies} == {"stepcraft"}
    assert {int(name.split("|")[2]) for name in copies} <= {w.pid for w in workers}


def test_a_task_on_a_killed_worker_is_not_lost(celery_workers: Callable[..., WorkerPool]) -> None:
    """acks_late with Redis's ack emulation turned on (STEPCRAFT_ACK_EMULATION; the runtime relies on its
    sweeper instead): a worker SIGKILLed mid-task leaves its message unacknowledged in Redis; once the
    visibility timeout has passed, the next worker to start restores it and runs the task."""
    from django.contrib.auth.models import Group

    from stepcraft.celery import app

    short_visibility = {"STEPCRAFT_ACK_EMULATION": "true", "STEPCRAFT_VISIBILITY_TIMEOUT": "1"}
    first = celery_workers(1, include=[PROBE], env=short_visibility)
    app.send_task("stepcraft_tests.sleep_then_mark", args=[2, "done"])
    wait_until(lambda: "Task stepcraft_tests.sleep_then_mark[" in first[0].log(), timeout=20, message="task received")
    first.kill(0)  # mid-task: the task sleeps for 2 s
    time.sleep(1.5)  # past the visibility timeout
    celery_workers(1, include=[PROBE], env=short_visibility, name_prefix="spare")
    wait_until(lambda: Group.objects.filter(name="done").exists(), timeout=30, message="the task run by the spare")


def test_missing_servers_without_root_are_reported_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """No binaries, not root, no sudo: ServicesUnavailable (the fixtures skip), apt-get never runs."""
    from tests.integration import servers

    monkeypatch.setattr(servers, "pg_bindir", lambda: None)
    monkeypatch.setattr(servers.os, "geteuid", lambda: 1000)
    only_apt = {"apt-get": "/usr/bin/apt-get"}
    monkeypatch.setattr(servers.shutil, "which", lambda name, path=None: only_apt.get(name))
    monkeypatch.setattr(servers.subprocess, "run", lambda *a, **k: pytest.fail("nothing may run"))
    with pytest.raises(servers.ServicesUnavailable, match="needs root or password-less sudo"):
        servers.ensure_installed(log=lambda line: None)
    monkeypatch.setenv(servers.MODE_ENV, "off")
    with pytest.raises(servers.ServicesUnavailable, match="STEPCRAFT_INTEGRATION=off"):
        servers.ensure_installed(log=lambda line: None)

"""Fixtures for integration tests against real servers: PostgreSQL, Redis, Celery worker processes.

Every test in ``tests/integration`` is marked ``integration`` (``-m "not integration"`` leaves them
out). The servers start once per test session, on first use, on free 127.0.0.1 ports, and are
stopped and deleted at the end of the session (also when it fails or is interrupted). When
PostgreSQL or Redis is missing they are installed with apt-get (``postgresql``, ``redis-server``);
when that is impossible (not root, no network, no apt-get) these tests are skipped with the reason.
``STEPCRAFT_INTEGRATION=require`` makes that a failure instead, ``STEPCRAFT_INTEGRATION=off``
never installs anything.

Fixtures:

``postgres_server`` (session)
    :class:`~tests.integration.servers.PostgresServer`: ``.url``, ``.port``, ``.dbname``,
    ``.connect()`` (autocommit psycopg connection), ``.create_database(name)``.
``postgres_url`` (session)
    Its DATABASE_URL, ``postgres://postgres@127.0.0.1:<port>/stepcraft``.
``redis_server`` (session)
    :class:`~tests.integration.servers.RedisServer`: ``.url`` (REDIS_URL), ``.port``,
    ``.restart(hard=True, downtime=0)`` (same port, every key gone), ``.kill()`` + ``.start()``
    (an outage), ``.flushall()``, ``.client()``.
``django_db_setup`` (package; overrides pytest-django's)
    Django's ``default`` connection points at the session PostgreSQL database itself (no
    ``test_`` copy), migrated once; the previous connection (SQLite test database of the other
    tests) is restored when the package is done.
``scaled_out`` (function)
    The test process in scaled-out mode: transactional database access (committed rows, flushed
    after the test), Redis emptied, ``stepcraft.celery.app`` publishing to Redis and
    ``CHANNEL_LAYERS`` on Redis. Returns :class:`ScaledOut` (``database_url``, ``redis_url``,
    ``redis``, ``postgres``).
``celery_workers`` (function; implies ``scaled_out``)
    Factory ``celery_workers(count=2, *, concurrency=1, pool="prefork", env=None,
    name_prefix="w", include=(), loglevel="INFO", extra_args=...)`` → started
    :class:`~tests.integration.servers.WorkerPool` (``.names``, ``.ping()``, ``.kill(i, sig)``,
    ``.restart(i)``, ``.stop(i)``, ``.stop_all()``, ``.logs()``). Every pool is stopped when the
    test ends, before the database is flushed; a failed test shows the worker logs.

The Django database pattern: the test process and the worker processes must see the same,
committed data, so a runtime integration test uses ``transactional_db`` (through ``scaled_out`` /
``celery_workers``, or ``@pytest.mark.django_db(transaction=True)``), never the rolled-back
``db`` fixture: the workers connect to the very database the test writes to (the session
database, whose URL they get as DATABASE_URL). Tables are truncated after each test::

    from tests.integration.servers import wait_until

    def test_an_execution_survives_a_killed_worker(celery_workers):
        # Settings come from the workers' environment: fast sweeps for a fault test.
        workers = celery_workers(2, concurrency=2, env={"STEPCRAFT_SWEEP_SECONDS": "1"})
        execution = start_execution(...)  # committed rows; on commit the message goes to Redis
        workers.kill(0)  # SIGKILL to w0's process group (main process and pool children)
        wait_until(lambda: Execution.objects.get(pk=execution.pk).status == "SUCCEEDED", timeout=60)
        assert HistoryEvent.objects.filter(execution=execution).count() == ...

Only ``transactional_db`` tests may use the workers: with the ``db`` fixture the test's rows sit in
a transaction that is never committed, and no worker sees them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration.servers import (
    MODE_ENV,
    PostgresServer,
    RedisServer,
    ServicesUnavailable,
    WorkerPool,
    ensure_installed,
    make_run_dir,
    remove_run_dir,
    use_celery_broker,
    use_django_database,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.integration)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    pools: list[WorkerPool] | None = getattr(item, "_stepcraft_worker_pools", None)
    if pools and report.failed:
        for pool in pools:
            report.sections.append((f"celery worker logs ({report.when})", pool.logs()))
    return report


@pytest.fixture(scope="session")
def integration_run_dir() -> Iterator[Path]:
    """The session's run directory, once PostgreSQL and Redis are installed (or the test skipped)."""
    try:
        ensure_installed(log=lambda line: print(f"\n[integration] {line}", flush=True))
    except ServicesUnavailable as exc:
        message = f"integration servers unavailable: {exc}"
        if os.environ.get(MODE_ENV, "").strip().lower() == "require":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    run_dir = make_run_dir()
    yield run_dir
    remove_run_dir(run_dir)


@pytest.fixture(scope="session")
def postgres_server(integration_run_dir: Path) -> Iterator[PostgresServer]:
    server = PostgresServer(integration_run_dir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    return postgres_server.url


@pytest.fixture(scope="session")
def redis_server(integration_run_dir: Path) -> Iterator[RedisServer]:
    server = RedisServer(integration_run_dir).start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def django_db_setup(django_test_environment: None, django_db_blocker: Any, postgres_url: str) -> Iterator[None]:
    """pytest-django's database set-up, for this package: the session PostgreSQL database, migrated."""
    from django.core.management import call_command

    with use_django_database(postgres_url):
        with django_db_blocker.unblock():
            call_command("migrate", interactive=False, verbosity=0)
        yield


@dataclass
class ScaledOut:
    postgres: PostgresServer
    redis: RedisServer

    @property
    def database_url(self) -> str:
        return self.postgres.url

    @property
    def redis_url(self) -> str:
        return self.redis.url


@pytest.fixture
def scaled_out(
    transactional_db: None, postgres_server: PostgresServer, redis_server: RedisServer, settings: Any
) -> Iterator[ScaledOut]:
    """The test process as a scaled-out Stepcraft: PostgreSQL, Redis broker and channel layer."""
    from stepcraft.celery import app
    from stepcraft.settings import channel_layers

    redis_server.ensure_running()  # a previous test may have left it down
    redis_server.flushall()
    settings.REDIS_URL = redis_server.url
    settings.CELERY_BROKER_URL = redis_server.url
    settings.CHANNEL_LAYERS = channel_layers(redis_server.url)
    with use_celery_broker(app, redis_server.url):
        yield ScaledOut(postgres_server, redis_server)


@pytest.fixture
def celery_workers(
    scaled_out: ScaledOut, integration_run_dir: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., WorkerPool]]:
    """Factory: ``celery_workers(2, concurrency=2, pool="threads", env={...})`` → a started WorkerPool."""
    pools: list[WorkerPool] = []
    request.node._stepcraft_worker_pools = pools  # for the logs in a failure report
    log_dir = integration_run_dir / "workers" / request.node.name.replace("/", "_")[:80]

    def start(count: int = 2, **options: Any) -> WorkerPool:
        pool = WorkerPool(
            count,
            broker_url=scaled_out.redis_url,
            database_url=scaled_out.database_url,
            log_dir=log_dir / str(len(pools)),
            run_marker=str(integration_run_dir),
            **options,
        )
        pools.append(pool)
        return pool.start()

    yield start
    for pool in pools:  # SIGKILL: quick, and nothing of a test's broker state outlives it
        pool.stop_all(graceful=False)

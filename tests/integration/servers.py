"""Throwaway PostgreSQL, Redis and Celery worker processes for integration tests.

Everything listens on 127.0.0.1 on a free port and lives in one run directory
(``<tmp>/stepcraft-it-XXXXXXXX``, see :func:`make_run_dir`) that is deleted when the servers stop.
The pieces:

- :func:`ensure_installed` finds ``initdb``/``pg_ctl``/``postgres`` and ``redis-server``, and when
  they are missing installs the Debian packages ``postgresql`` and ``redis-server`` with apt-get
  (as root, or through password-less ``sudo -n``), once, under a file lock. It raises
  :class:`ServicesUnavailable` when that cannot be done; the fixtures turn that into a skip.
- :class:`PostgresServer`: ``initdb`` + ``pg_ctl`` cluster (as the ``postgres`` user when we are root:
  PostgreSQL refuses to run as root), trust authentication, durability off, one database.
- :class:`RedisServer`: ``redis-server`` without persistence, with ``restart()`` on the same port.
- :class:`WorkerPool`: N separate ``python -m celery -A stepcraft worker`` processes.
- :func:`use_django_database` and :func:`use_celery_broker` point the *test process's* Django
  connection and Celery app at those servers (Django's settings were read before they existed).

Every process started here is stopped at interpreter exit too (atexit), and carries
``STEPCRAFT_TEST_RUN=<run dir>`` in its environment, so that :func:`reap_stale_runs` can kill
what a test run killed with SIGKILL left behind.

``python -m tests.integration.servers ensure`` installs the packages; ``... up`` starts PostgreSQL
and Redis and prints DATABASE_URL/REDIS_URL until Ctrl+C (handy for trying scaled-out mode).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

REPO_ROOT = Path(__file__).resolve().parents[2]
APT_PACKAGES = ("postgresql", "redis-server")
RUN_PREFIX = "stepcraft-it-"
RUN_MARKER_ENV = "STEPCRAFT_TEST_RUN"
# auto (default): install when missing, skip when that is impossible; require: fail instead of
# skipping; off: never install (skip when missing).
MODE_ENV = "STEPCRAFT_INTEGRATION"
LOCALHOST = "127.0.0.1"

T = TypeVar("T")


class ServicesUnavailable(RuntimeError):
    """PostgreSQL or Redis is not installed here and cannot be installed."""


# ---------------------------------------------------------------------------------------------
# Small process helpers


def free_port() -> int:
    """A TCP port nobody listens on right now (the caller retries if it loses the race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCALHOST, 0))
        return int(sock.getsockname()[1])


def wait_until(
    predicate: Callable[[], T], timeout: float = 30.0, interval: float = 0.05, message: str = "condition"
) -> T:
    """Poll ``predicate`` until it returns something truthy, and return that; TimeoutError after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{message} not reached within {timeout:g} s")
        time.sleep(interval)


def tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"({path} unreadable)"
    return "\n".join(text.splitlines()[-lines:])


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    with contextlib.suppress(OSError, IndexError):
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] not in ("Z", "X")
    return True


try:
    _libc: Any = ctypes.CDLL("libc.so.6", use_errno=True) if sys.platform.startswith("linux") else None
except OSError:  # pragma: no cover - non-glibc Linux
    _libc = None
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """preexec_fn: the child gets SIGKILL when the test process dies, even by SIGKILL."""
    if _libc is not None:
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _killpg(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def group_members(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group ``pgid``."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rpartition(")")[2].split()
            if fields[0] not in ("Z", "X") and int(fields[2]) == pgid:
                members.append(int(stat.parent.name))
    return members


def _kill_group_and_wait(pgid: int, timeout: float = 30.0) -> None:
    """SIGKILL the whole group and wait until none of it is left."""
    deadline = time.monotonic() + timeout
    while True:
        _killpg(pgid, signal.SIGKILL)
        if not group_members(pgid) or time.monotonic() > deadline:
            return
        time.sleep(0.02)


_cleanups: dict[int, Callable[[], None]] = {}
_cleanup_lock = threading.Lock()


def _register_cleanup(obj: object, func: Callable[[], None]) -> None:
    with _cleanup_lock:
        _cleanups[id(obj)] = func


def _unregister_cleanup(obj: object) -> None:
    with _cleanup_lock:
        _cleanups.pop(id(obj), None)


@atexit.register
def _cleanup_all() -> None:
    with _cleanup_lock:
        funcs = list(_cleanups.values())[::-1]
        _cleanups.clear()
    for func in funcs:
        with contextlib.suppress(Exception):
            func()


# ---------------------------------------------------------------------------------------------
# Finding and installing the servers


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name)) or (0,)


def pg_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres: $STEPCRAFT_PG_BINDIR, the newest
    /usr/lib/postgresql/<version>/bin (Debian), or wherever pg_ctl on PATH points."""
    candidates: list[Path] = []
    if os.environ.get("STEPCRAFT_PG_BINDIR"):
        candidates.append(Path(os.environ["STEPCRAFT_PG_BINDIR"]))
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version_key(p.parent.name), reverse=True
    )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for directory in candidates:
        if all(os.access(directory / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres")):
            return directory
    return None


def redis_server_binary() -> Path | None:
    found = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/bin:/usr/sbin:/usr/local/bin")
    return Path(found) if found else None


def _binaries() -> tuple[Path, Path] | None:
    pg, redis = pg_bindir(), redis_server_binary()
    return (pg, redis) if pg and redis else None


def _missing() -> str:
    names = [] if pg_bindir() else ["PostgreSQL (initdb, pg_ctl)"]
    names += [] if redis_server_binary() else ["redis-server"]
    return " and ".join(names)


def _privilege_prefix() -> list[str] | None:
    """How to run apt-get as root: directly, through password-less sudo, or not at all (None)."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            if subprocess.run(["sudo", "-n", "true"], capture_output=True, timeout=10).returncode == 0:
                return ["sudo", "-n"]
    return None


def ensure_installed(log: Callable[[str], None] = print) -> tuple[Path, Path]:
    """(PostgreSQL bin directory, redis-server path), installing the Debian packages when missing."""
    found = _binaries()
    if found:
        return found
    ensure_debian_packages(APT_PACKAGES, _missing, log=log)
    found = _binaries()
    assert found, "ensure_debian_packages returned with binaries missing"
    return found


def ensure_debian_packages(packages: Sequence[str], missing: Callable[[], str], *,
                           log: Callable[[str], None] = print) -> None:
    """Install Debian ``packages`` when ``missing()`` names something absent ('' when all is there).

    Runs ``apt-get update`` and ``apt-get install -y --no-install-recommends <packages>``
    non-interactively, under a file lock (parallel pytest processes install once). Raises
    ServicesUnavailable, saying why and what to do, when installing is not possible.
    """
    what = missing()
    if not what:
        return
    how = f"install them (Debian: apt-get install {' '.join(packages)})"
    if os.environ.get(MODE_ENV, "").strip().lower() == "off":
        raise ServicesUnavailable(f"{what} not installed and {MODE_ENV}=off; {how}")
    if not shutil.which("apt-get"):
        raise ServicesUnavailable(f"{what} not installed and there is no apt-get here; {how}")
    prefix = _privilege_prefix()
    if prefix is None:
        raise ServicesUnavailable(f"{what} not installed, and installing needs root or password-less sudo; {how}")

    tmp = Path(tempfile.gettempdir())
    lock_path, failed_path, log_path = (tmp / f"stepcraft-apt.{suffix}" for suffix in ("lock", "failed", "log"))
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not missing():  # another process installed them while we waited
            return
        if run_id and failed_path.exists():
            recorded_id, _, reason = failed_path.read_text().partition("\n")
            if recorded_id == run_id:  # a sibling xdist worker of this run tried and failed
                raise ServicesUnavailable(reason)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        apt = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-q", "-o", "DPkg::Lock::Timeout=300"]
        steps = [
            ([*apt, "update"], 600),
            ([*apt, "install", "-y", "--no-install-recommends", *packages], 1200),
        ]
        started = time.monotonic()
        log(f"{what} not installed: installing {' '.join(packages)} with apt-get (log: {log_path})")
        errors: list[str] = []
        with open(log_path, "w") as out:
            for command, timeout in steps:
                out.write(f"$ {shlex.join(command)}\n")
                out.flush()
                try:
                    code = subprocess.run(
                        command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                        env=env, timeout=timeout,
                    ).returncode
                except subprocess.TimeoutExpired:
                    code = -1
                if code != 0:  # an update failure is not fatal: cached lists may still do
                    errors.append(f"`{shlex.join(command)}` failed (exit {code})")
        still_missing = missing()
        if not still_missing:
            log(f"installed {' '.join(packages)} in {time.monotonic() - started:.0f} s")
            failed_path.unlink(missing_ok=True)
            return
        reason = (
            f"{still_missing} not installed and installing failed: {'; '.join(errors) or 'binaries still missing'}"
            f"; {how}. Last lines of {log_path}:\n{tail(log_path, 15)}"
        )
        if run_id:
            failed_path.write_text(f"{run_id}\n{reason}")
        raise ServicesUnavailable(reason)


# ---------------------------------------------------------------------------------------------
# The run directory, and reaping what a killed test run left behind


def _tmp_base() -> Path:
    """A temporary directory the postgres user can reach when we are root (TMPDIR may be private)."""
    base = Path(tempfile.gettempdir()).resolve()
    if os.geteuid() == 0:
        for part in [base, *base.parents]:
            if part.stat().st_mode & 0o001 == 0:
                return Path("/tmp")
    return base


def make_run_dir() -> Path:
    """A fresh run directory (mode 755) recording the owning process, after reaping stale ones."""
    base = _tmp_base()
    reap_stale_runs(base)
    path = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir=base))
    path.chmod(0o755)
    (path / "owner.pid").write_text(str(os.getpid()))
    return path


def _processes_of_run(run_dir: Path) -> list[int]:
    marker = f"{RUN_MARKER_ENV}={run_dir}".encode()
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):
            if marker in (proc / "environ").read_bytes().split(b"\0"):
                pids.append(int(proc.name))
    return pids


def reap_stale_runs(base: Path | None = None) -> list[Path]:
    """Kill the servers of run directories whose owning process is gone, and delete the directories."""
    reaped = []
    for run_dir in (base or _tmp_base()).glob(RUN_PREFIX + "*"):
        try:
            owner = int((run_dir / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # being created, or not ours
        if owner == os.getpid() or _pid_alive(owner):
            continue
        for pid in _processes_of_run(run_dir):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(run_dir, ignore_errors=True)
        reaped.append(run_dir)
    return reaped


def remove_run_dir(run_dir: Path) -> None:
    for pid in _processes_of_run(run_dir):  # anything a test forgot to stop
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(run_dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# PostgreSQL

_PG_CONF = """
# stepcraft integration tests: throwaway cluster, durability off for speed
listen_addresses = '127.0.0.1'
unix_socket_directories = '{socket_dir}'
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_connections = 200
shared_buffers = 64MB
timezone = 'UTC'
"""


class PostgresServer:
    """A PostgreSQL cluster in ``<run dir>/pg``, reachable at :attr:`url` with trust authentication.

    Started by :meth:`start` (initdb, pg_ctl start, CREATE DATABASE), stopped and deleted by
    :meth:`stop` (also at interpreter exit).
    """

    user = "postgres"

    def __init__(self, run_dir: Path, *, dbname: str = "stepcraft", bindir: Path | None = None) -> None:
        found = bindir or pg_bindir()
        if found is None:
            raise ServicesUnavailable("PostgreSQL (initdb, pg_ctl) is not installed")
        self.bindir = found
        self.dbname = dbname
        self.dir = run_dir / "pg"
        self.data_dir = self.dir / "data"
        self.log_path = self.dir / "postgres.log"
        self.port = 0
        self._env = {**os.environ, "LC_ALL": "C", "LANG": "C", RUN_MARKER_ENV: str(run_dir)}
        self._env.pop("PGDATA", None)

    @property
    def url(self) -> str:
        """DATABASE_URL of the session database."""
        return self.url_for(self.dbname)

    def url_for(self, dbname: str) -> str:
        return f"postgres://{self.user}@{LOCALHOST}:{self.port}/{dbname}"

    def _as_owner(self, *command: str | Path) -> list[str]:
        """PostgreSQL will not run as root: run its programs as the postgres user then."""
        prefix = ["runuser", "-u", self.user, "--"] if os.geteuid() == 0 else []
        return [*prefix, *map(str, command)]

    def _run(self, *command: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._as_owner(*command), cwd=self.dir, env=self._env, capture_output=True, text=True,
            timeout=timeout, stdin=subprocess.DEVNULL,
        )

    def start(self) -> PostgresServer:
        self.dir.mkdir()
        if os.geteuid() == 0:
            import pwd

            try:
                entry = pwd.getpwnam(self.user)
            except KeyError:
                raise ServicesUnavailable("running as root needs the 'postgres' system user (Debian package)") from None
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        _register_cleanup(self, self.stop)
        initdb = self._run(
            self.bindir / "initdb", "-D", self.data_dir, "-U", self.user, "-A", "trust", "-E", "UTF8",
            "--no-locale", "--no-sync", "--no-instructions",
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed (exit {initdb.returncode}):\n{initdb.stdout}{initdb.stderr}")
        with open(self.data_dir / "postgresql.conf", "a") as conf:
            conf.write(_PG_CONF.format(socket_dir=self.dir))
        for attempt in range(5):
            self.port = free_port()
            started = self._run(
                self.bindir / "pg_ctl", "-D", self.data_dir, "-l", self.log_path, "-o", f"-p {self.port}",
                "-w", "-t", "60", "-s", "start",
            )
            if started.returncode == 0:
                break
            address_taken = "already in use" in tail(self.log_path, 20)
            if not address_taken or attempt == 4:
                raise RuntimeError(
                    f"pg_ctl start failed (exit {started.returncode}):\n{started.stdout}{started.stderr}\n"
                    f"{tail(self.log_path)}"
                )
        with self.connect("postgres") as conn:
            conn.execute(f'CREATE DATABASE "{self.dbname}"')
        return self

    def connect(self, dbname: str | None = None, **kwargs: Any) -> Any:
        """An autocommit psycopg connection (to the session database unless ``dbname`` says otherwise)."""
        import psycopg

        return psycopg.connect(
            host=LOCALHOST, port=self.port, user=self.user, dbname=dbname or self.dbname, autocommit=True,
            connect_timeout=10, **kwargs,
        )

    def create_database(self, dbname: str) -> str:
        """Create another database in the cluster; returns its URL."""
        with self.connect("postgres") as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        return self.url_for(dbname)

    def stop(self) -> None:
        _unregister_cleanup(self)
        if (self.data_dir / "postmaster.pid").exists():
            stopped = self._run(self.bindir / "pg_ctl", "-D", self.data_dir, "-m", "immediate", "-w", "-s", "stop",
                                timeout=60)
            if stopped.returncode != 0:  # kill what is left of it
                for pid in _processes_of_run(self.dir.parent):
                    with contextlib.suppress(OSError):
                        if b"postgres" in Path(f"/proc/{pid}/cmdline").read_bytes():
                            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Redis


class RedisServer:
    """``redis-server`` on 127.0.0.1 without persistence: whatever it held is gone after a restart."""

    def __init__(self, run_dir: Path, *, binary: Path | None = None) -> None:
        found = binary or redis_server_binary()
        if found is None:
            raise ServicesUnavailable("redis-server is not installed")
        self.binary = found
        self.dir = run_dir / "redis"
        self.log_path = self.dir / "redis.log"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._env = {**os.environ, RUN_MARKER_ENV: str(run_dir)}

    @property
    def url(self) -> str:
        """REDIS_URL (database 0)."""
        return f"redis://{LOCALHOST}:{self.port}/0"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 20) -> RedisServer:
        """Start; the first time on a free port, afterwards on the same port again."""
        self.dir.mkdir(exist_ok=True)
        _register_cleanup(self, self.stop)
        first = self.port == 0
        for attempt in range(5 if first else 1):
            if first:
                self.port = free_port()
            self._spawn()
            try:
                self._wait_ready(timeout)
                return self
            except RuntimeError:
                if attempt == 4 or not first or "in use" not in tail(self.log_path, 10):
                    raise
        raise AssertionError("unreachable")

    def _spawn(self) -> None:
        command = [
            str(self.binary), "--port", str(self.port), "--bind", LOCALHOST, "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--dir", str(self.dir), "--logfile", "", "--protected-mode", "yes",
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=self._env,
                start_new_session=True, preexec_fn=_die_with_parent,
            )

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}:\n{tail(self.log_path)}")
            with contextlib.suppress(Exception), self.client(socket_timeout=1) as client:
                if client.ping():
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer PING within {timeout:g} s:\n{tail(self.log_path)}")
            time.sleep(0.02)

    def client(self, **kwargs: Any) -> Any:
        """A redis-py client for database 0 (use it as a context manager to close it)."""
        import redis

        return redis.Redis.from_url(self.url, **kwargs)

    def flushall(self) -> None:
        with self.client(socket_timeout=5) as client:
            client.flushall()

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Stop it abruptly and leave it down (an outage); :meth:`start` brings it back on the same port."""
        if self.process is not None and self.process.poll() is None:
            _killpg(self.process.pid, sig)
            self.process.wait(timeout=30)

    def restart(self, *, hard: bool = True, downtime: float = 0.0) -> None:
        """Stop (SIGKILL when ``hard``, else SHUTDOWN NOSAVE) and start again on the same port,
        after ``downtime`` seconds. Every key is gone afterwards."""
        if hard or not self.running:
            self.kill()
        else:
            with contextlib.suppress(Exception), self.client(socket_timeout=5) as client:
                client.shutdown(nosave=True)
            assert self.process is not None
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if downtime:
            time.sleep(downtime)
        self.start()

    def ensure_running(self) -> None:
        if not self.running:
            self.start()

    def stop(self) -> None:
        _unregister_cleanup(self)
        self.kill()
        self.process = None


# ---------------------------------------------------------------------------------------------
# Celery workers


class Worker:
    """One ``celery worker`` OS process (with its prefork children in its process group)."""

    def __init__(self, index: int, name: str, log_path: Path) -> None:
        self.index = index
        self.name = name  # the node name, e.g. w0@myhost
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __repr__(self) -> str:
        state = "alive" if self.alive else "stopped"
        return f"<Worker {self.name} pid={self.pid} {state}>"


class WorkerPool:
    """N separate ``python -m celery -A stepcraft worker`` processes run from the repository root.

    Each gets ``DJANGO_SETTINGS_MODULE``, ``DATABASE_URL``, ``REDIS_URL`` and ``env`` in its
    environment, its own process group (so :meth:`kill` can take its pool children too) and a log
    file; :meth:`start` returns once every worker answers a control ping.
    """

    def __init__(
        self,
        count: int,
        *,
        broker_url: str,
        database_url: str,
        log_dir: Path,
        concurrency: int = 1,
        pool: str = "prefork",
        env: Mapping[str, str] | None = None,
        name_prefix: str = "w",
        loglevel: str = "INFO",
        include: Sequence[str] = (),
        extra_args: Sequence[str] = ("--without-mingle", "--without-gossip"),
        ready_timeout: float = 60.0,
        run_marker: str = "",
    ) -> None:
        self.broker_url = broker_url
        self.database_url = database_url
        self.log_dir = log_dir
        self.concurrency = concurrency
        self.pool = pool
        self.loglevel = loglevel
        self.include = list(include)
        self.extra_args = list(extra_args)
        self.ready_timeout = ready_timeout
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("CELERY_")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="stepcraft.settings",
            DATABASE_URL=database_url,
            REDIS_URL=broker_url,
            PYTHONUNBUFFERED="1",
        )
        if run_marker:
            self.env[RUN_MARKER_ENV] = run_marker
        self.env.update(env or {})
        host = socket.gethostname()
        log_dir.mkdir(parents=True, exist_ok=True)
        self.workers = [
            Worker(i, f"{name_prefix}{i}@{host}", log_dir / f"{name_prefix}{i}.log") for i in range(count)
        ]
        self._control_app: Any = None

    # -- the list of workers
    def __len__(self) -> int:
        return len(self.workers)

    def __getitem__(self, index: int) -> Worker:
        return self.workers[index]

    def __iter__(self) -> Iterator[Worker]:
        return iter(self.workers)

    @property
    def names(self) -> list[str]:
        return [worker.name for worker in self.workers]

    def command(self, worker: Worker) -> list[str]:
        nodename = worker.name.split("@")[0] + "@%h"
        command = [
            sys.executable, "-m", "celery", "-A", "stepcraft", "worker", f"--loglevel={self.loglevel}",
            f"--concurrency={self.concurrency}", f"--pool={self.pool}", "-n", nodename,
        ]
        if self.include:
            command += ["--include", ",".join(self.include)]
        return command + self.extra_args

    # -- starting
    def start(self) -> WorkerPool:
        _register_cleanup(self, lambda: self.stop_all(graceful=False))
        for worker in self.workers:
            self._spawn(worker)
        self.wait_ready(range(len(self.workers)))
        return self

    def _spawn(self, worker: Worker) -> None:
        with open(worker.log_path, "ab") as log:
            log.write(f"\n==== starting {worker.name}: {shlex.join(self.command(worker))}\n".encode())
            log.flush()
            worker.process = subprocess.Popen(
                self.command(worker), cwd=REPO_ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent,
            )

    def wait_ready(self, indices: Iterator[int] | Sequence[int] | range, timeout: float | None = None) -> None:
        """Block until the given workers answer a control ping; RuntimeError (with their logs) if one
        exits or the timeout passes."""
        pending = {self.workers[i].name: self.workers[i] for i in indices}
        deadline = time.monotonic() + (timeout or self.ready_timeout)
        while pending:
            for worker in pending.values():
                if not worker.alive:
                    raise RuntimeError(f"celery worker {worker.name} exited during start-up:\n{tail(worker.log_path)}")
            # Ping only once the log says ready: a ping before that costs its whole timeout. (Workers that
            # log only warnings never say it: they are pinged at once.)
            quiet = self.loglevel.upper() not in ("DEBUG", "INFO")
            ready = [name for name, worker in pending.items() if quiet or " ready." in worker.log()]
            if ready:
                for name in self.ping(timeout=1.0, names=ready):
                    pending.pop(name, None)
            if pending and time.monotonic() > deadline:
                logs = "\n".join(f"--- {w.name}:\n{tail(w.log_path)}" for w in pending.values())
                raise RuntimeError(f"celery workers not ready within {timeout or self.ready_timeout:g} s:\n{logs}")
            if pending:
                time.sleep(0.05)

    # -- asking
    def control_app(self) -> Any:
        """A bare Celery app on the same broker, for ``control.ping``/``inspect`` from the test."""
        if self._control_app is None:
            from celery import Celery

            self._control_app = Celery("stepcraft-tests-control", broker=self.broker_url, set_as_current=False)
            self._control_app.conf.update(accept_content=["json"], broker_connection_retry_on_startup=True)
        return self._control_app

    def ping(self, timeout: float = 1.0, names: Sequence[str] | None = None) -> set[str]:
        """The names of the workers (of ``names``, default all) that answered a control ping."""
        destination = list(names if names is not None else self.names)
        try:
            replies = self.control_app().control.ping(destination=destination, timeout=timeout, limit=len(destination))
        except Exception:  # broker down or restarting: nobody answered
            return set()
        return {name for reply in replies or [] for name in reply}

    # -- stopping
    def kill(self, index: int, sig: int = signal.SIGKILL, *, group: bool = True, wait: bool = True) -> None:
        """Send ``sig`` to worker ``index``: to its whole process group (main process and pool
        children, like a crashed machine) when ``group``, else to the main process only."""
        worker = self.workers[index]
        if worker.process is None:
            return
        if group:
            _killpg(worker.process.pid, sig)
        else:
            with contextlib.suppress(ProcessLookupError):
                worker.process.send_signal(sig)
        if wait and sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGQUIT, signal.SIGINT):
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(timeout=30)
            if sig == signal.SIGKILL and group:
                _kill_group_and_wait(worker.process.pid)

    def stop(self, index: int, timeout: float = 10.0) -> None:
        """Warm shutdown (SIGTERM: finish the running tasks), SIGKILL after ``timeout``."""
        self._stop([self.workers[index]], timeout)

    def restart(self, index: int, *, timeout: float = 10.0) -> Worker:
        """Stop worker ``index`` if it is running, start it again (same name), wait until it answers."""
        worker = self.workers[index]
        self._stop([worker], timeout)
        self._spawn(worker)
        self.wait_ready([index])
        return worker

    def stop_all(self, timeout: float = 10.0, *, graceful: bool = True) -> None:
        """Stop every worker: warm shutdown (about 2-3 s for an idle prefork worker) with SIGKILL
        after ``timeout``, or straight SIGKILL to the process groups when not ``graceful``."""
        _unregister_cleanup(self)
        self._stop(self.workers, timeout if graceful else 0.0)
        if self._control_app is not None:
            with contextlib.suppress(Exception):
                self._control_app.close()
            self._control_app = None

    def _stop(self, workers: Sequence[Worker], timeout: float) -> None:
        running = [w for w in workers if w.process is not None and w.process.poll() is None]
        for worker in running if timeout > 0 else ():
            assert worker.process is not None
            with contextlib.suppress(ProcessLookupError):
                worker.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for worker in workers:
            if worker.process is None:
                continue
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            _kill_group_and_wait(worker.process.pid)  # whatever is left of its group
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(f"--- {w.name} ({w.log_path}):\n{tail(w.log_path, 60)}" for w in self.workers)


# ---------------------------------------------------------------------------------------------
# Pointing the test process at the servers


@contextlib.contextmanager
def use_django_database(url: str, alias: str = "default") -> Iterator[None]:
    """Point Django's ``alias`` connection at ``url`` (e.g. the session PostgreSQL database) and
    restore the previous connection afterwards (other tests may be using a SQLite test database)."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    from stepcraft.settings import database_config

    config = connections.configure_settings({alias: database_config(url)})[alias]
    old_config = connections.settings[alias]
    old_connection = connections[alias]
    databases = [connections.settings]
    if settings.DATABASES is not connections.settings:
        databases.append(settings.DATABASES)
    for mapping in databases:
        mapping[alias] = config
    connections[alias] = connections.create_connection(alias)
    ContentType.objects.clear_cache()  # ids differ between databases
    try:
        yield
    finally:
        connections[alias].close()
        for mapping in databases:
            mapping[alias] = old_config
        connections[alias] = old_connection
        ContentType.objects.clear_cache()


def _reset_broker_pools(app: Any) -> None:
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextlib.contextmanager
def use_celery_broker(app: Any, url: str) -> Iterator[None]:
    """Make ``app`` (the test process's Celery app) publish to ``url`` instead of its broker (and
    really publish: ``task_always_eager`` off)."""
    changes = app.conf.changes
    missing = object()
    saved = {key: changes.get(key, missing) for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    _reset_broker_pools(app)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is missing:
                changes.pop(key, None)
            else:
                changes[key] = value
        _reset_broker_pools(app)


# ---------------------------------------------------------------------------------------------
# Command line


def main(argv: Sequence[str]) -> int:
    command = argv[0] if argv else "help"
    if command == "ensure":
        try:
            pg, redis_binary = ensure_installed()
        except ServicesUnavailable as exc:
            print(f"unavailable: {exc}", file=sys.stderr)
            return 1
        print(f"PostgreSQL: {pg}\nredis-server: {redis_binary}")
        return 0
    if command == "up":
        ensure_installed()
        run_dir = make_run_dir()
        try:
            postgres = PostgresServer(run_dir).start()
            redis_server = RedisServer(run_dir).start()
            print(f"DATABASE_URL={postgres.url}\nREDIS_URL={redis_server.url}\n(Ctrl+C stops them)", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
        finally:
            _cleanup_all()
            remove_run_dir(run_dir)
        return 0
    print("usage: python -m tests.integration.servers ensure|up", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

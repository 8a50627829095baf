"""What the browser and websocket benchmarks share: a throwaway Stepcraft of their own.

``BenchSite`` migrates a fresh SQLite database in a temporary folder and sets Django up in the
benchmark's process on that database (so it can create users, machines and executions directly),
then ``serve()`` runs ``manage.py serve`` on it on a free port, as ``make run`` does, and yields its
base URL. The folder (database and server log) is deleted afterwards.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling Google's hosts (see tests/e2e/conftest.py).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class BenchSite:
    def __init__(self, prefix: str) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix=f"stepcraft-{prefix}-"))
        self.database_url = f"sqlite:///{self.workdir / 'db.sqlite3'}"
        self.env = {**os.environ, "DATABASE_URL": self.database_url, "PYTHONUNBUFFERED": "1"}
        self.env.pop("REDIS_URL", None)  # embedded mode, as `make run`
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=self.env,
                       check=True)
        os.environ["DATABASE_URL"] = self.database_url
        os.environ.pop("REDIS_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepcraft.settings")
        sys.path.insert(0, str(REPO))
        import django

        django.setup()

    @contextmanager
    def serve(self, *, worker: bool = True) -> Iterator[str]:
        """``manage.py serve`` on a free port (with the embedded worker unless ``worker=False``): its URL."""
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}", *([] if worker else ["--no-worker"])]
        with open(self.workdir / "server.log", "w") as log:  # the child keeps its own handle
            server = subprocess.Popen(command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        log_text = (self.workdir / "server.log").read_text()[-3000:]
                        raise SystemExit(f"the server did not start:\n{log_text}") from None
                    time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=20)
            shutil.rmtree(self.workdir, ignore_errors=True)


def signed_in_page(browser: Any, base: str, *, timeout_ms: int, init_script: str) -> Any:
    """A new Playwright page of ``browser`` signed in as the benchmarks' ``bench`` user (password
    ``bench-password-42``), with ``init_script`` run in every document it loads from then on."""
    context = browser.new_context(base_url=base, viewport={"width": 1600, "height": 1000})
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "bench")
    page.fill("input[name=password]", "bench-password-42")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.add_init_script(init_script)
    return page

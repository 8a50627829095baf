"""End-to-end fixtures: a real Stepcraft server (``manage.py serve``: ASGI + embedded worker) on its
own SQLite database, and Debian's Chromium driven by Playwright.

- The server is the one ``make run`` starts, on a free 127.0.0.1 port, with the example workflows
  loaded and an ``admin`` user. It runs for the whole session; its log is shown when a test fails
  to reach it.
- The frontend must be built (``make test`` builds it first); a missing ``frontend/dist`` is built
  here with ``npm ci && npm run build``.
- Chromium is Debian's ``/usr/bin/chromium`` (``apt-get install chromium`` when absent, as the
  integration tests install PostgreSQL); Playwright's own browser download is never used. When
  neither can be had the tests are skipped with the reason (``STEPCRAFT_INTEGRATION=require``
  makes that a failure).

Fixtures:

``live_app`` (session)
    :class:`LiveApp`: ``.url`` (``http://127.0.0.1:<port>``), ``.api(method, path, json=None)``
    → (status, body) with the admin's API token, ``.admin_password``.
``browser`` (package: closed once the e2e tests are done)
    A Playwright Chromium browser.
``page`` (function)
    A fresh browser context and page, signed in as ``admin`` (session cookie), at ``/machines/``.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration.servers import (
    MODE_ENV,
    REPO_ROOT,
    ServicesUnavailable,
    ensure_debian_packages,
    free_port,
    tail,
    wait_until,
)

CHROMIUM = Path("/usr/bin/chromium")
ADMIN_PASSWORD = "e2e-admin-password-42"
# Without the background-networking flags Chromium keeps dialling Google's hosts, which a closed
# network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _unavailable(reason: str) -> None:
    if os.environ.get(MODE_ENV, "").strip().lower() == "require":
        pytest.fail(reason)
    pytest.skip(reason)


def _ensure_frontend_built() -> None:
    if (REPO_ROOT / "frontend" / "dist" / "index.html").is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("frontend/dist is not built and npm is not installed (make test builds it)")
        return
    frontend = REPO_ROOT / "frontend"
    for command in ([npm, "ci", "--no-audit", "--no-fund"], [npm, "run", "build"]):
        result = subprocess.run(command, cwd=frontend, capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


@dataclass
class LiveApp:
    url: str
    token: str
    admin_password: str
    log_path: Path

    def api(self, method: str, path: str, json_body: Any = None, **kwargs: Any) -> tuple[int, Any]:
        """Call the REST API as the admin; (status, decoded JSON body or None)."""
        body = kwargs.pop("json", json_body)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method.upper(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                     "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        return status, (json.loads(raw) if raw else None)

    def log(self) -> str:
        return tail(self.log_path, 60)


@pytest.fixture(scope="session")
def live_app() -> Iterator[LiveApp]:
    _ensure_frontend_built()
    workdir = Path(tempfile.mkdtemp(prefix="stepcraft-e2e-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "STEPCRAFT_ADMIN_USER": "admin",
        "STEPCRAFT_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DJANGO_SETTINGS_MODULE": "stepcraft.settings",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)  # embedded mode, as `make run`
    manage = [sys.executable, str(REPO_ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["ensure_admin"], ["load_examples"]):
        subprocess.run([*manage, *command], cwd=REPO_ROOT, env=env, check=True, capture_output=True, timeout=300)
    token = subprocess.run([*manage, "create_api_token", "admin", "--name", "e2e"], cwd=REPO_ROOT, env=env,
                           check=True, capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[-1]
    port = free_port()
    log_path = workdir / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([*manage, "serve", f"127.0.0.1:{port}"], cwd=REPO_ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    app = LiveApp(url=f"http://127.0.0.1:{port}", token=token, admin_password=ADMIN_PASSWORD, log_path=log_path)

    def healthy() -> bool:
        if server.poll() is not None:
            raise AssertionError(f"the server exited with {server.returncode}:\n{app.log()}")
        try:
            with urllib.request.urlopen(f"{app.url}/healthz", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    try:
        try:
            wait_until(healthy, timeout=60, message="the server answering /healthz")
        except TimeoutError as error:
            raise AssertionError(f"{error}:\n{app.log()}") from None
        yield app
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


def _chromium_missing() -> str:
    return "" if CHROMIUM.exists() else "Chromium (/usr/bin/chromium)"


# Package scope: Playwright's sync API keeps an event loop running in the main thread while it is open,
# which would break every later test that uses async_to_sync.
@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    try:
        ensure_debian_packages(("chromium",), _chromium_missing)
    except ServicesUnavailable as error:
        _unavailable(str(error))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, live_app: LiveApp) -> Iterator[Any]:
    context = browser.new_context(base_url=live_app.url, viewport={"width": 1600, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/?next=/machines/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", live_app.admin_password)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_url("**/machines/")
    try:
        yield page
    finally:
        context.close()

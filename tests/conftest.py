"""Project-wide test settings."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A SQLite test database in a file, not in memory: worker threads (embedded mode) open their own
    connections and must see what the test committed."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(Path(tmp_path_factory.mktemp("db")) / "test.sqlite3")

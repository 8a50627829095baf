"""The settings module reads the environment, rejects bad values and switches run modes."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from django.core.exceptions import ImproperlyConfigured

from stepcraft import settings as live_settings
from stepcraft.settings import envbool, envint, envlist, envstr

SETTINGS_FILE = Path(live_settings.__file__)
VARIABLES = (
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "STEPCRAFT_REGION",
    "STEPCRAFT_ACCOUNT_ID",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """No Stepcraft variable set: what `make run` sees on a fresh machine."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch


def load_settings(**env: str) -> ModuleType:
    """Execute stepcraft/settings.py afresh as a throwaway module, with `env` set.

    Django's own settings are not touched: they were configured once at start-up.
    """
    with pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():
            mp.setenv(name, value)
        spec = importlib.util.spec_from_file_location("settings_under_test", SETTINGS_FILE)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on"])
def test_envbool_accepts_true_spellings(clean_env: pytest.MonkeyPatch, value: str) -> None:
    clean_env.setenv("DEBUG", value)
    assert envbool("DEBUG", False) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "OFF"])
def test_envbool_accepts_false_spellings(clean_env: pytest.MonkeyPatch, value: str) -> None:
    clean_env.setenv("DEBUG", value)
    assert envbool("DEBUG", True) is False


def test_envbool_uses_default_when_unset_or_empty(clean_env: pytest.MonkeyPatch) -> None:
    assert envbool("DEBUG", True) is True
    clean_env.setenv("DEBUG", "")
    assert envbool("DEBUG", False) is False


@pytest.mark.parametrize("value", ["maybe", "2", "tru", "yes please"])
def test_envbool_rejects_other_values(clean_env: pytest.MonkeyPatch, value: str) -> None:
    clean_env.setenv("DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        envbool("DEBUG", True)


def test_envint_parses_and_defaults(clean_env: pytest.MonkeyPatch) -> None:
    assert envint("STEPCRAFT_TEST_INT", 7) == 7
    clean_env.setenv("STEPCRAFT_TEST_INT", " 42 ")
    assert envint("STEPCRAFT_TEST_INT", 7) == 42


@pytest.mark.parametrize("value", ["forty", "4.5", "0x10"])
def test_envint_rejects_non_integers(clean_env: pytest.MonkeyPatch, value: str) -> None:
    clean_env.setenv("STEPCRAFT_TEST_INT", value)
    with pytest.raises(ImproperlyConfigured, match="STEPCRAFT_TEST_INT"):
        envint("STEPCRAFT_TEST_INT", 7)


def test_envstr_and_envlist(clean_env: pytest.MonkeyPatch) -> None:
    assert envstr("STEPCRAFT_REGION", "us-east-1") == "us-east-1"
    clean_env.setenv("ALLOWED_HOSTS", " a.example , b.example,, ")
    assert envlist("ALLOWED_HOSTS", "") == ["a.example", "b.example"]


def test_embedded_defaults_need_no_variables(clean_env: pytest.MonkeyPatch) -> None:
    s = load_settings()
    assert s.DEBUG is True
    assert s.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(s.DATABASES["default"]["NAME"]) == SETTINGS_FILE.parent.parent / "db.sqlite3"
    assert s.CHANNEL_LAYERS["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    assert s.CELERY_BROKER_URL == "memory://"
    assert (s.STEPCRAFT_REGION, s.STEPCRAFT_ACCOUNT_ID) == ("us-east-1", "123456789012")
    assert (s.TIME_ZONE, s.USE_TZ) == ("UTC", True)


def test_redis_url_switches_broker_and_channel_layer(clean_env: pytest.MonkeyPatch) -> None:
    s = load_settings(REDIS_URL="redis://cache.internal:6379/2")
    assert s.CELERY_BROKER_URL == "redis://cache.internal:6379/2"
    assert s.CHANNEL_LAYERS["default"] == {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": ["redis://cache.internal:6379/2"]},
    }


def test_database_url_selects_postgres(clean_env: pytest.MonkeyPatch) -> None:
    s = load_settings(DATABASE_URL="postgres://alice:s3cret@db.internal:5433/stepcraft")
    db = s.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("stepcraft", "alice", "s3cret")
    assert (db["HOST"], db["PORT"]) == ("db.internal", 5433)


def test_unknown_database_scheme_is_rejected(clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        load_settings(DATABASE_URL="oracle-ish://db/stepcraft")


def test_bad_debug_value_stops_startup(clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        load_settings(DEBUG="perhaps")


def test_production_mode_refuses_the_development_secret_key(clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_settings(DEBUG="false")
    s = load_settings(DEBUG="false", SECRET_KEY="a-real-secret", ALLOWED_HOSTS="steps.example.com")
    assert s.DEBUG is False
    assert s.ALLOWED_HOSTS == ["steps.example.com"]


def test_region_and_account_come_from_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    s = load_settings(STEPCRAFT_REGION="eu-west-3", STEPCRAFT_ACCOUNT_ID="000011112222")
    assert (s.STEPCRAFT_REGION, s.STEPCRAFT_ACCOUNT_ID) == ("eu-west-3", "000011112222")

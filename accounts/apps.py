"""Users, sign-in pages and API tokens: who is calling, for the browser and for scripts."""
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the bearer-token scheme with drf-spectacular (import for its side effect).
        from accounts import schema  # noqa: F401

"""ASGI entry point: Django for HTTP, Channels for websockets (routes under /ws/)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepcraft.settings")
# Django must be set up before anything that imports models (auth middleware, consumers).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import URLPattern, URLResolver  # noqa: E402

from executions import routing as executions_routing  # noqa: E402

# Websocket consumers, under /ws/ (the live execution viewer).
websocket_urlpatterns: list[URLPattern | URLResolver] = [*executions_routing.websocket_urlpatterns]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Origin check: a page on another site must not reuse the user's session cookie.
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

"""Websocket routes of the executions app (joined into stepcraft/asgi.py under /ws/)."""
from django.urls import URLPattern, path

from executions import consumers

websocket_urlpatterns: list[URLPattern] = [
    path("ws/executions/", consumers.ExecutionListConsumer.as_asgi()),
    path("ws/executions/<uuid:execution_id>/", consumers.ExecutionConsumer.as_asgi()),
    path("ws/state-machines/<uuid:machine_id>/executions/", consumers.ExecutionListConsumer.as_asgi()),
]

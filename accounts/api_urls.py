"""API token endpoints, under /api/."""
from django.urls import URLPattern, path

from accounts import views

urlpatterns: list[URLPattern] = [
    path("tokens/", views.TokenListCreate.as_view(), name="api-tokens"),
    path("tokens/<uuid:token_id>/", views.TokenDetail.as_view(), name="api-token"),
]

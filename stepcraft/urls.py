"""Top-level URL routes. App routes (REST under /api/, the designer pages) join here."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from . import views
from .api import ApiDocsView, ApiNotFound, ApiRedocView

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    # REST API (issue #4): designer, execution and token endpoints, the OpenAPI schema and its docs pages.
    path("api/", include("designer.urls")),
    path("api/", include("executions.urls")),
    path("api/", include("accounts.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", ApiRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # Keep last: any other /api/ path answers a JSON 404.
    re_path(r"^api/", ApiNotFound.as_view()),
    # The frontend's pages (its router picks the view): state machines, designer, executions.
    path("", RedirectView.as_view(url="/machines/"), name="home"),
    re_path(r"^(?:machines|executions|map-runs)(?:/.*)?$", views.frontend_app, name="frontend-app"),
]

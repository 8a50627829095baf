"""Top-level URL routes. App routes (REST under /api/, the designer pages) join here."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

"""Every page needs a signed-in user (Django's LoginRequiredMiddleware), the REST API excepted.

DRF marks its views ``login_required = False``: they authenticate for themselves, bearer tokens
included (which this middleware, running before DRF, cannot see), and answer 401 JSON rather
than a redirect. DRF views that render pages for people (the API docs) set
``redirect_to_login = True`` to be treated as pages again.
"""
from __future__ import annotations

from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any,
                     view_kwargs: Any) -> HttpResponseBase | None:
        view_class = getattr(view_func, "cls", None)
        if getattr(view_class, "redirect_to_login", False) and not request.user.is_authenticated:
            return self.handle_no_permission(request, view_func)
        return super().process_view(request, view_func, view_args, view_kwargs)

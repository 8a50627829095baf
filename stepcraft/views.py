"""Views that belong to the project rather than to an app."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET


@login_not_required  # probes do not sign in
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness probe for load balancers and `make run` users: the process answers HTTP."""
    return JsonResponse({"status": "ok"})


@ensure_csrf_cookie  # the app's REST calls send this cookie's token back (X-CSRFToken)
@require_GET
def frontend_app(request: HttpRequest) -> HttpResponse:
    """The single-page app's shell for every app route (/machines/…, /executions/…); its router
    takes over in the browser. Sign-in is enforced by the middleware like any other page."""
    index = settings.FRONTEND_DIST / "index.html"
    try:
        html = index.read_text(encoding="utf-8")
    except FileNotFoundError:
        return HttpResponse(
            "<h1>Stepcraft</h1><p>The frontend is not built: run <code>make frontend</code> "
            "(or <code>make run</code>), then reload.</p>",
            status=503,
        )
    return HttpResponse(html)

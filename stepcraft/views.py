"""Views that belong to the project rather than to an app."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@login_not_required  # probes do not sign in
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness probe for load balancers and `make run` users: the process answers HTTP."""
    return JsonResponse({"status": "ok"})

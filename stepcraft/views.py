"""Views that belong to the project rather than to an app."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness probe for load balancers and `make run` users: the process answers HTTP."""
    return JsonResponse({"status": "ok"})

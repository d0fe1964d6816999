"""Role home pages: each role lands on a page made for its task; the operators' endpoints."""

from __future__ import annotations

import prometheus_client
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hjemtilos.core.health import health_check
from hjemtilos.core.homes import home_provider
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.metrics import has_metrics_token, metrics_text
from hjemtilos.core.navigation import nav_counts


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    role = request.user.role
    return render(request, f"core/home_{role}.html", home_provider(role)(request))


@require_GET
def navigation_counts(request: AuthenticatedHttpRequest) -> JsonResponse:
    """What waits behind each menu entry the user may open (fetched once the page is shown)."""
    return JsonResponse({"counts": nav_counts(request.user)})


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 while this process reaches the database (503 when not),
    with the task queue's lag and the scheduler's last run. No personal data."""
    health = health_check()
    return JsonResponse(health.as_json(), status=200 if health.database_ok else 503)


@login_not_required
@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics for the operators' scraper, which sends ``METRICS_TOKEN`` as a
    bearer token. Without a token configured the endpoint does not exist (404)."""
    if not settings.METRICS_TOKEN:
        raise Http404
    if not has_metrics_token(request):
        response = HttpResponse("A valid bearer token is required.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics_text(), content_type=prometheus_client.CONTENT_TYPE_LATEST)

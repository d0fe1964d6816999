"""Root URL configuration. Danish paths, one include per app."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

urlpatterns = [
    path("", include("hjemtilos.core.urls")),
    path("konto/", include("hjemtilos.accounts.urls")),
    path("organisation/", include("hjemtilos.organisations.urls")),
    path("beskeder/", include("hjemtilos.messaging.urls")),
    path("privatliv/", include("hjemtilos.privacy.urls")),
    path("henvisninger/", include("hjemtilos.referrals.urls")),
    path("familier/", include("hjemtilos.volunteers.urls")),
    path("venskaber/", include("hjemtilos.friendships.urls")),
    path("opgaver/", include("hjemtilos.followups.urls")),
    path("rapporter/", include("hjemtilos.reports.urls")),
    path("boernesikkerhed/", include("hjemtilos.safeguarding.urls")),
    path("matchning/", include("hjemtilos.matching.urls")),
    # The survey links (/svar/…, short for the SMS) and the survey pages (/spoergeskemaer/…).
    path("", include("hjemtilos.surveys.urls")),
    path("stoette/", include("hjemtilos.support.urls")),
    path("api/", include("hjemtilos.api.urls")),
    path("konto/api-noegler/", include("hjemtilos.api.web_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # The admin signs in through our login (password + second factor), never its own form.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
]
# No URL serves MEDIA_ROOT: uploads (friendship-book and greeting photos) are personal
# data and are served only by views that check the policy (matching:photo,
# friendships:greeting_photo).

# Our own error pages in the layout (core/errors.py); a lost database connection
# answers 503 "try again in a moment".
handler403 = "hjemtilos.core.errors.permission_denied"
handler404 = "hjemtilos.core.errors.page_not_found"
handler500 = "hjemtilos.core.errors.server_error"

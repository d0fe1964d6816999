"""Root URL configuration. Danish paths, one include per app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("hjemtilos.core.urls")),
    path("konto/", include("hjemtilos.accounts.urls")),
    path("organisation/", include("hjemtilos.organisations.urls")),
    path("beskeder/", include("hjemtilos.messaging.urls")),
    path("privatliv/", include("hjemtilos.privacy.urls")),
    path("henvisninger/", include("hjemtilos.referrals.urls")),
    path("familier/", include("hjemtilos.volunteers.urls")),
    path("venskaber/", include("hjemtilos.friendships.urls")),
    path("api/", include("hjemtilos.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

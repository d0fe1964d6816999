from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.api.routers import register_router
from hjemtilos.core.navigation import NavEntry, register


class MatchingConfig(AppConfig):
    name = "hjemtilos.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from hjemtilos.matching import personal_data  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): fields, purposes, retention.
        personal_data.register()
        # jobs: registers the geocoding job.
        from hjemtilos.matching import api, jobs, models, policies  # noqa: F401, PLC0415 - models load only after the app registry is ready
        from hjemtilos.matching.services.books import book_photo_consent_withdrawn  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.consents import register_withdrawal  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.models import ConsentKind  # noqa: PLC0415 - models load only after the app registry is ready

        audit_register(models.MatchProposal)
        audit_register(models.DeclinedPair)
        audit_register(models.FriendshipBook)
        register_withdrawal(ConsentKind.BOOK_PHOTO, book_photo_consent_withdrawn)
        audit_register(models.BookPhoto)
        audit_register(models.ChildMatchingProfile)
        audit_register(models.MatchingSettings, case_record=False)
        register(
            NavEntry(
                _("Matching"), "matching:waiting", policies.can_match, order=22, group="families"
            )
        )
        register_router("/matching/", api.router)

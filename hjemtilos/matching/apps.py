from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "hjemtilos.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from hjemtilos.core.navigation import NavEntry, register
        from hjemtilos.matching import jobs, models, policies  # noqa: F401 (jobs register)
        from hjemtilos.privacy.audit import audit_register

        audit_register(models.MatchProposal)
        audit_register(models.DeclinedPair)
        audit_register(models.FriendshipBook)
        audit_register(models.BookPhoto)
        audit_register(models.ChildMatchingProfile)
        audit_register(models.MatchingSettings)
        register(NavEntry(_("Matching"), "matching:waiting", policies.can_match, order=15))

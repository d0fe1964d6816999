from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "hjemtilos.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteer families")

    def ready(self) -> None:
        from hjemtilos.core.navigation import NavEntry, register
        from hjemtilos.privacy.audit import audit_register
        from hjemtilos.volunteers import models, policies

        audit_register(models.VolunteerFamily)
        audit_register(models.HouseholdMember, sensitive_fields=["phone", "email"])
        audit_register(models.Certificate)
        audit_register(models.PolicyAcceptance)
        register(
            NavEntry(
                _("Volunteer families"), "volunteers:list", policies.can_list_families, order=20
            )
        )

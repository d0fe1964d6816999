from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.api.routers import register_router
from hjemtilos.core.navigation import NavEntry, register


class VolunteersConfig(AppConfig):
    name = "hjemtilos.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteer families")

    def ready(self) -> None:
        from hjemtilos.volunteers import personal_data  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): fields, purposes, retention.
        personal_data.register()
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready

        # jobs: registers the vetting birthdays and application-attempt pruning jobs.
        from hjemtilos.privacy.exports import register_exporter, register_subject_kind  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.volunteers import api, jobs, models, policies, rights  # noqa: F401, PLC0415 - models load only after the app registry is ready

        audit_register(models.VolunteerFamily, sensitive_fields=["assessment"])
        audit_register(models.HouseholdMember, sensitive_fields=["phone", "email"])
        audit_register(models.Certificate, sensitive_fields=["decision_reason"])
        audit_register(models.PolicyAcceptance)
        audit_register(
            models.FamilyInterview,
            sensitive_fields=["support_notes", "motivation", "expectations"],
        )
        audit_register(models.HouseholdChange, sensitive_fields=["description"])
        register(
            NavEntry(
                _("Volunteer families"),
                "volunteers:list",
                policies.can_list_families,
                order=20,
                group="families",
            )
        )
        register(NavEntry(_("My household"), "volunteers:portal", policies.is_volunteer, order=20))
        # Staff reach the policy documents from the family list; administrators from the menu.
        register(
            NavEntry(
                _("Code of conduct"),
                "volunteers:policies",
                lambda user: (
                    policies.can_manage_policies(user) and not policies.can_list_families(user)
                ),
                order=85,
                group="administration",
            )
        )
        register_router("/volunteers", api.router)
        register_subject_kind(rights.MEMBER_KIND)
        register_exporter("member", rights.member_export, order=10)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.api.routers import register_router
from hjemtilos.core.homes import register_home
from hjemtilos.core.navigation import NavEntry, register


class ReferralsConfig(AppConfig):
    name = "hjemtilos.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from hjemtilos.referrals import personal_data  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): fields, purposes, retention.
        personal_data.register()
        from hjemtilos.accounts.models import Role  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.consents import register_withdrawal  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.exports import register_exporter, register_subject_kind  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.models import ConsentKind  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.referrals import api, homes, models, policies, rights, selectors  # noqa: PLC0415 - models load only after the app registry is ready

        audit_register(models.BirthFamily)
        audit_register(models.Guardian, sensitive_fields=["phone", "email"])
        audit_register(models.Child)
        audit_register(models.Referral)
        audit_register(models.HomeVisit)
        audit_register(models.ReferralNote)
        register(
            NavEntry(
                _("Intake"),
                "referrals:intake",
                policies.can_run_intake,
                order=8,
                group="intake",
                count=selectors.intake_waiting_count,
            )
        )
        register(
            NavEntry(
                _("Children"),
                "referrals:list",
                policies.can_list_children,
                order=10,
                group="intake",
            )
        )
        register(NavEntry(_("Your referrals"), "referrals:mine", policies.is_caseworker, order=10))
        register(NavEntry(_("Refer a child"), "referrals:create", policies.is_caseworker, order=11))
        register(NavEntry(_("Updates"), "referrals:updates", policies.is_caseworker, order=12))
        audit_register(models.CaseworkerUpdate)
        register_home(Role.CASEWORKER, homes.caseworker_home)
        register_router("", api.router)
        register_subject_kind(rights.GUARDIAN_KIND)
        register_subject_kind(rights.CHILD_KIND)
        register_exporter("guardian", rights.guardian_export, order=10)
        register_exporter("child", rights.child_export, order=10)
        register_withdrawal(ConsentKind.REFERRAL, rights.referral_consent_withdrawn)
        register_withdrawal(ConsentKind.SHARING, rights.referral_consent_withdrawn)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.api.routers import register_router
from hjemtilos.core.homes import register_home
from hjemtilos.core.navigation import NavEntry, register


class FriendshipsConfig(AppConfig):
    name = "hjemtilos.friendships"
    label = "friendships"
    verbose_name = _("Friendships")

    def ready(self) -> None:
        from hjemtilos.friendships import personal_data  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): fields, purposes, retention.
        personal_data.register()
        from hjemtilos.accounts.models import Role  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.followups.policies import can_have_tasks  # noqa: PLC0415 - models load only after the app registry is ready

        # jobs: registers the friendship year's daily jobs.
        from hjemtilos.friendships import (  # noqa: F401, PLC0415 - models load only after the app registry is ready
            api,
            homes,
            jobs,
            models,
            policies,
            rights,
            selectors,
        )
        from hjemtilos.privacy.audit import audit_register  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.consents import register_withdrawal  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.exports import register_exporter  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.privacy.models import ConsentKind  # noqa: PLC0415 - models load only after the app registry is ready

        for model in (
            models.Friendship,
            models.FriendshipEvent,
            models.FirstMeeting,
            models.VisitAgreement,
            models.Visit,
            models.LogbookEntry,
            models.FutureAgreement,
            models.DeletionConfirmation,
            models.Greeting,
            models.GreetingPhoto,
            models.ExtraVisit,
            models.GuidanceRead,
        ):
            audit_register(model)
        # A site's school holidays are its calendar, no case record.
        audit_register(models.SchoolHoliday, case_record=False)
        register(
            NavEntry(
                _("Friendships"),
                "friendships:list",
                policies.can_list_friendships,
                order=30,
                group="friendships",
            )
        )
        register(
            NavEntry(
                _("Logbooks"),
                "friendships:screening",
                policies.is_staff,
                order=31,
                group="friendships",
                count=selectors.screening_waiting_count,
            )
        )
        register(
            NavEntry(
                _("Supervision"),
                "friendships:supervision",
                can_have_tasks,
                order=33,
                group="friendships",
            )
        )
        register(
            NavEntry(
                _("Our friendship"), "friendships:portal_list", policies.is_portal_user, order=5
            )
        )
        register_home(Role.STAFF, homes.staff_home)
        # The advisory team's home page shows its queue of concerns: ``safeguarding`` registers it.
        register_home(Role.VOLUNTEER, homes.volunteer_home)
        register_home(Role.PARENT, homes.parent_home)
        register_router("/friendships/", api.router)
        register_exporter("guardian", rights.guardian_export, order=20)
        register_exporter("child", rights.child_export, order=20)
        register_withdrawal(ConsentKind.GREETING_PHOTOS, rights.greeting_photos_withdrawn)

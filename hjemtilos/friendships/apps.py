from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FriendshipsConfig(AppConfig):
    name = "hjemtilos.friendships"
    label = "friendships"
    verbose_name = _("Friendships")

    def ready(self) -> None:
        from hjemtilos.core.navigation import NavEntry, register
        from hjemtilos.friendships import jobs, models, policies  # noqa: F401 - registers jobs
        from hjemtilos.privacy.audit import audit_register

        for model in (
            models.Friendship,
            models.FriendshipEvent,
            models.FirstMeeting,
            models.VisitAgreement,
            models.Visit,
            models.LogbookEntry,
            models.FutureAgreement,
            models.DeletionConfirmation,
            models.SchoolHoliday,
        ):
            audit_register(model)
        register(
            NavEntry(_("Friendships"), "friendships:list", policies.can_list_friendships, order=30)
        )
        register(NavEntry(_("Logbooks"), "friendships:screening", policies.is_staff, order=31))
        register(
            NavEntry(
                _("Our friendship"), "friendships:portal_list", policies.is_portal_user, order=5
            )
        )

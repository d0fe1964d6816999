from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FriendshipsConfig(AppConfig):
    name = "hjemtilos.friendships"
    label = "friendships"
    verbose_name = _("Friendships")

    def ready(self) -> None:
        from hjemtilos.core.navigation import NavEntry, register
        from hjemtilos.friendships import models, policies
        from hjemtilos.privacy.audit import audit_register

        audit_register(models.Friendship)
        audit_register(models.Visit)
        audit_register(models.LogbookEntry)
        register(
            NavEntry(_("Friendships"), "friendships:list", policies.can_list_friendships, order=30)
        )

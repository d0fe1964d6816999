from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.delivery import register_account_delivery
from hjemtilos.core.navigation import NavEntry, register


class MessagingConfig(AppConfig):
    name = "hjemtilos.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from hjemtilos.messaging import personal_data  # noqa: PLC0415 - models load only after the app registry is ready

        # The personal-data registry (privacy.registry): fields, purposes, retention.
        personal_data.register()
        # jobs: registers the retry sweep.
        from hjemtilos.core.metrics import register_collector  # noqa: PLC0415 - models load only after the app registry is ready
        from hjemtilos.messaging import jobs, policies, services  # noqa: F401, PLC0415 - models load only after the app registry is ready
        from hjemtilos.messaging.metrics import OutboxCollector  # noqa: PLC0415 - models load only after the app registry is ready

        register(
            NavEntry(
                _("Messages"),
                "messaging:outbox",
                policies.can_view_outbox,
                order=84,
                group="administration",
            )
        )
        # Invitations and other account messages go out from the outbox: by
        # e-mail, or by SMS to a person who has only a phone.
        register_account_delivery(services.message_queue_email, channel="email")
        register_account_delivery(services.message_queue_sms, channel="sms")
        # The outbox's waiting and failed messages in the operators' metrics.
        register_collector(OutboxCollector())

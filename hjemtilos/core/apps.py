from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hjemtilos.core"
    label = "core"

    def ready(self) -> None:
        # Registers the foundation's own scheduled job (housekeeping).
        from hjemtilos.core import jobs  # noqa: F401, PLC0415 - models load only after the app registry is ready

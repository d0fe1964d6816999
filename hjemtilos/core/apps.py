from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hjemtilos.core"
    label = "core"

    def ready(self) -> None:
        # Registers the foundation's scheduled jobs.
        from hjemtilos.core import jobs  # noqa: F401

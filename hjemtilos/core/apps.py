from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hjemtilos.core"
    label = "core"

    def ready(self) -> None:
        # jobs: the foundation's own scheduled jobs; workers: the task workers' heartbeat.
        from hjemtilos.core import jobs, workers  # noqa: F401, PLC0415 - models load only after the app registry is ready

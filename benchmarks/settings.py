"""Settings for the daily-jobs benchmark: the test profile, but background tasks go to the
database queue (as in production) instead of running at once in the job's process."""

from hjemtilos.settings.test import *  # noqa: F403

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "messages"],
    }
}

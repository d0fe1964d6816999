"""Embedded-mode settings (SQLite, in-process jobs) with everything overridable
from the environment. Production uses ``hjemtilos.settings.production``."""

from hjemtilos.settings.base import *  # noqa: F403

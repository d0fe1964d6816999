"""``manage.py demo_logins``: print the demo logins and their current TOTP codes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from hjemtilos.demo.generator import demo_login_lines


class Command(BaseCommand):
    help = "Print the demo logins, their TOTP keys and the codes valid right now."

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        self.stdout.write("\n".join(demo_login_lines()))

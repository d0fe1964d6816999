"""Writes for organisations: a municipality's contact details for notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from hjemtilos.organisations.models import Municipality

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User


@transaction.atomic
def municipality_contact_update(
    *,
    municipality: Municipality,
    by: User,
    notification_email: str,
    children_services_phone: str,
) -> Municipality:
    """Keep where notifications about a child go (and the phone for acute cases).

    The caller has checked that ``by`` administers the system.
    """
    locked = Municipality.objects.select_for_update().get(pk=municipality.pk)
    locked.notification_email = notification_email.strip().lower()
    locked.children_services_phone = children_services_phone.strip()
    locked.contact_updated_at = timezone.now()
    locked.contact_updated_by = by
    locked.full_clean()
    locked.save(
        update_fields=[
            "notification_email",
            "children_services_phone",
            "contact_updated_at",
            "contact_updated_by",
        ]
    )
    return locked

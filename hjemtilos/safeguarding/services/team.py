"""Writes about the advisory team itself: who leads it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.safeguarding.models import AdvisoryLead


@transaction.atomic
def advisory_lead_set(*, user: User, by: User, is_lead: bool) -> bool:
    """Appoint (or stand down) ``user`` as a lead of the advisory team; whether they are now.

    Only a member of the advisory team can lead it. Appointments go to the
    audit log (``AdvisoryLead`` is registered there).
    """
    if is_lead:
        if user.role != Role.ADVISORY or not user.is_active:
            raise ValidationError(
                _("Only an active member of the advisory team can lead it."), code="not_advisory"
            )
        AdvisoryLead.objects.get_or_create(
            user=user, defaults={"appointed_by": by, "appointed_at": timezone.now()}
        )
        return True
    for lead in AdvisoryLead.objects.filter(user=user):
        lead.delete()  # one by one, so the removal reaches the audit log
    return False

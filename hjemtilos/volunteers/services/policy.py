"""Publishing a new version of the code of conduct (*samværspolitik*) or the ethical rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.core.links import public_url
from hjemtilos.messaging.recipients import Reach
from hjemtilos.messaging.services import message_queue_to_people
from hjemtilos.volunteers.models import (
    HouseholdMember,
    PolicyDocumentKind,
    PolicyDocumentVersion,
    VolunteerFamily,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.selectors import current_policy_versions, member_recipient
from hjemtilos.volunteers.services.status import family_vetting_refresh


@transaction.atomic
def policy_version_publish(
    *, kind: str, label: str, text: str, by: User
) -> tuple[PolicyDocumentVersion, int]:
    """Publish a new version; it replaces the current one at once.

    Every adult must accept it again: ``vetting_complete`` is refreshed for
    every family, and each adult in a matched family (a friendship agreed,
    planned or running) is told by e-mail; the others see it in the portal's
    list of what is missing. Returns the version and the number of e-mails queued.
    """
    if kind not in PolicyDocumentKind.values:
        raise ValidationError({"kind": _("Choose the document.")})
    label, text = label.strip(), text.strip()
    errors = {}
    if not label:
        errors["label"] = _("Give the version a name, e.g. “2. version, marts 2026”.")
    if not text:
        errors["text"] = _("Write the text of the new version.")
    current = current_policy_versions().get(kind)
    if current and label == current.label:
        errors["label"] = _("The current version already has this name.")
    if errors:
        raise ValidationError(errors)
    version = PolicyDocumentVersion(
        kind=kind, label=label, text=text, published_at=timezone.now(), published_by=by
    )
    version.full_clean()
    version.save()
    family_vetting_refresh(VolunteerFamily.objects.values_list("pk", flat=True))
    return version, _ask_matched_families_to_accept(version)


def _ask_matched_families_to_accept(version: PolicyDocumentVersion) -> int:
    """Ask every adult of a matched family to accept ``version``: by e-mail, or by SMS
    when they have no e-mail address (``messaging.recipients``)."""
    members = (
        HouseholdMember.objects.filter(
            moved_out_on__isnull=True, family__status=VolunteerFamilyStatus.MATCHED
        )
        .select_related("user", "family")
        .order_by("pk")
    )
    link = public_url("volunteers:portal_policy", version.kind)
    queued = 0
    for member in members:
        if member.age() < ADULT_AGE:
            continue
        queued += len(
            message_queue_to_people(
                [member_recipient(member)],
                template="policy_new_version",
                context={
                    "document": PolicyDocumentKind(version.kind).label,
                    "label": version.label,
                    "link": link,
                },
                reach=Reach.EMAIL_ELSE_SMS,
                related=member.family,
            )
        )
    return queued

"""The volunteers API: staff's families and transitions, the volunteer's own household.

The same policies as the pages: staff see their sites' families (others:
404), a volunteer reads only their own household, everyone else is refused.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router

from hjemtilos.api.schemas import answers
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.privacy.audit import audit_read
from hjemtilos.volunteers import policies, selectors, services
from hjemtilos.volunteers.models import VolunteerFamily, VolunteerFamilyStatus
from hjemtilos.volunteers.schemas import FamilyListOut, FamilyOut, PortalOut, TransitionIn

router = Router(tags=["volunteer families"])


def _list_out(family: VolunteerFamily, member_count: int) -> dict[str, Any]:
    return {
        "id": family.pk,
        "name": family.name,
        "site_id": family.site_id,
        "status": family.status,
        "vetting_complete": family.vetting_complete,
        "postal_code": family.postal_code.code,
        "member_count": member_count,
        "applied_at": family.applied_at,
        "contact_person": family.contact_person.get_full_name() if family.contact_person else None,
    }


def _detail_out(family: VolunteerFamily) -> dict[str, Any]:
    vetting = selectors.family_vetting(family)
    gaps: list[dict[str, Any]] = [
        {"requirement": g.requirement, "message": g.message, "member_id": None}
        for g in vetting.family_gaps
    ]
    members = []
    for row in vetting.members:
        gaps += [
            {"requirement": g.requirement, "message": g.message, "member_id": row.member.pk}
            for g in row.gaps
        ]
        members.append(
            {
                "id": row.member.pk,
                "first_name": row.member.first_name,
                "last_name": row.member.last_name,
                "age": row.age,
                "moved_out_on": row.member.moved_out_on,
                "course_completed_on": row.member.course_completed_on,
                "certificates": [
                    {
                        "kind": c.kind,
                        "requested_on": c.requested_on,
                        "received_on": c.received_on,
                        "result": c.result,
                        "remarks_decision": c.remarks_decision,
                    }
                    for c in row.certificates.values()
                    if c is not None
                ],
                "accepted": [kind for kind, a in row.acceptances.items() if a is not None],
            }
        )
    return {
        **_list_out(family, len(members)),
        "street_address": family.street_address,
        "recruitment_channel": family.recruitment_channel,
        "capacity": family.capacity,
        "max_children": family.max_children,
        "weekdays": family.weekdays,
        "child_age_min": family.child_age_min,
        "child_age_max": family.child_age_max,
        "cannot_take_on": family.cannot_take_on,
        "approved_at": family.approved_at,
        "members": members,
        "gaps": gaps,
    }


@router.get(
    "/families",
    response=answers(list[FamilyListOut], refused=(403,)),
    url_name="volunteer_families",
)
def families(request: AuthenticatedHttpRequest, status: VolunteerFamilyStatus | None = None) -> Any:
    """The volunteer families of the caller's sites (staff), optionally by status."""
    if not policies.can_list_families(request.user):
        raise PermissionDenied
    shown = list(selectors.family_list(user=request.user, status=status or ""))
    audit_read(request, shown)
    # ``member_count`` is annotated by the selector's query.
    return [_list_out(f, f.member_count) for f in shown]  # type: ignore[attr-defined]


@router.get("/families/mine", response=answers(PortalOut, refused=(403, 404)), url_name="my_family")
def my_family(request: AuthenticatedHttpRequest) -> Any:
    """The volunteer's own household: status, members, what is missing, contact person."""
    _member, family = selectors.family_for_portal_or_404(user=request.user)
    audit_read(request, family)
    vetting = selectors.family_vetting(family)
    contact = family.contact_person
    return {
        "name": family.name,
        "status": family.status,
        "street_address": family.street_address,
        "postal_code": family.postal_code.code,
        "vetting_complete": family.vetting_complete,
        "members": [
            {"first_name": r.member.first_name, "last_name": r.member.last_name, "age": r.age}
            for r in vetting.members
            if not r.moved_out
        ],
        "missing": [g.message for g in vetting.family_gaps]
        + [g.message for r in vetting.members for g in r.gaps],
        "contact_person": {
            "name": contact.get_full_name(),
            "email": contact.email,
            "phone": contact.phone,
        }
        if contact
        else None,
    }


@router.get(
    "/families/{family_id}",
    response=answers(FamilyOut, refused=(403, 404)),
    url_name="volunteer_family",
)
def family(request: AuthenticatedHttpRequest, family_id: int) -> Any:
    """One family with its members, certificates and what is missing for approval."""
    found = selectors.family_for_staff_or_404(user=request.user, pk=family_id)
    audit_read(request, found)
    return _detail_out(found)


@router.post(
    "/families/{family_id}/transition",
    response=answers(FamilyOut),
    url_name="volunteer_family_transition",
)
def transition(request: AuthenticatedHttpRequest, family_id: int, payload: TransitionIn) -> Any:
    """Move a family to another status; approval is refused (422) while anything is missing."""
    found = selectors.family_for_staff_or_404(user=request.user, pk=family_id)
    if payload.to_status not in VolunteerFamilyStatus.values or not policies.can_transition(
        request.user, found, payload.to_status
    ):
        raise PermissionDenied
    services.family_transition(
        family=found, to_status=payload.to_status, by=request.user, reason=payload.reason
    )
    audit_read(request, found)
    return _detail_out(selectors.family_for_staff_or_404(user=request.user, pk=family_id))

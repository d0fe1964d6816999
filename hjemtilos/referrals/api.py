"""Referrals in the JSON API: the caseworker's enrollment and staff's intake.

The operations validate through the same ``EnrollmentForm`` as the page, so
a field error reads the same in both, and call the same services and
policies. A referral outside the caller's reach is a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hjemtilos.accounts.models import User
from hjemtilos.api.paging import PageParams, page_of
from hjemtilos.api.schemas import answers
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.privacy.audit import audit_read
from hjemtilos.referrals import policies, selectors, services
from hjemtilos.referrals.forms import (
    GUARDIAN_SLOTS,
    EnrollmentForm,
    HomeVisitForm,
    caseworkers_for,
)
from hjemtilos.referrals.models import Referral, ReferralStatus
from hjemtilos.referrals.schemas import (
    EnrollmentIn,
    HomeVisitIn,
    HomeVisitPlanIn,
    IntakeItemOut,
    NoteIn,
    NoteOut,
    ReferralOut,
    TransitionIn,
)

router = Router(tags=["referrals"])


def _form_errors(form: Any) -> ValidationError:
    return ValidationError({name: list(errors) for name, errors in form.errors.items()})


def _enrollment_form(
    user: User, payload: EnrollmentIn, *, sibling_of: Referral | None = None
) -> EnrollmentForm:
    """The page's form filled from the API payload (the same names, guardians numbered)."""
    data: dict[str, Any] = payload.model_dump(exclude={"guardians", "need_tags", "submit"})
    data = {name: value for name, value in data.items() if value is not None}
    for slot, guardian in zip(GUARDIAN_SLOTS, payload.guardians, strict=False):
        for name, value in guardian.model_dump().items():
            data[f"{slot}_{name}"] = value
    for slot in GUARDIAN_SLOTS:
        # A select on the page always sends a value; an unused slot here sends none.
        data.setdefault(f"{slot}_preferred_language", "da")
    sites = selectors.sites_for_referrer(user)
    kwargs: dict[str, Any] = {"sites": sites, "submitting": payload.submit}
    if sibling_of is not None:
        kwargs["sites"] = sites.filter(pk=sibling_of.site_id)
        kwargs["sibling_of"] = sibling_of
    elif not policies.is_caseworker(user):
        kwargs["caseworkers"] = caseworkers_for(sites)
        if payload.caseworker_id is not None:
            data["caseworker"] = payload.caseworker_id
    if payload.site_id is not None:
        data["site"] = payload.site_id
    data["need_tags"] = payload.need_tags
    return EnrollmentForm(data, **kwargs)


def _out(request: AuthenticatedHttpRequest, pk: int) -> ReferralOut:
    """The referral as the caller sees it now (after a change, read again); the read is audited."""
    referral = selectors.referral_for_user_or_404(user=request.user, pk=pk)
    audit_read(request, referral, referral.child)
    return ReferralOut.from_referral(referral)


@router.get("/referrals", response=list[ReferralOut], url_name="referrals")
def referral_list(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    page: Query[PageParams],
    status: ReferralStatus | None = None,
) -> list[ReferralOut]:
    """Caseworkers: their own referrals. Staff: their sites' referrals. Newest first, paged."""
    user = request.user
    if policies.is_caseworker(user):
        qs = selectors.caseworker_referrals(user=user, status=status or "")
    elif policies.can_list_children(user):
        qs = selectors.referral_list(user=user, status=status or "")
    else:
        raise PermissionDenied
    shown = page_of(qs, page, request=request, response=response)
    audit_read(request, shown)
    return [ReferralOut.from_referral(r) for r in shown]


@router.post(
    "/referrals",
    response=answers(ReferralOut, status=201, refused=(403, 422)),
    url_name="referral_create",
)
def referral_create(request: AuthenticatedHttpRequest, payload: EnrollmentIn) -> Any:
    """Enroll a child, as a draft or (``submit``) sent to staff at once.

    Staff register a phone referral by naming the ``caseworker_id`` it came from.
    """
    user = request.user
    if not policies.can_refer(user):
        raise PermissionDenied
    form = _enrollment_form(user, payload)
    if not form.is_valid():
        raise _form_errors(form)
    referral = services.referral_create(
        by=user,
        site=form.referral_site(),
        caseworker=form.cleaned_data.get("caseworker") or user,
        data=form.service_data(),
        submit=payload.submit,
    )
    return Status(201, _out(request, referral.pk))


@router.get(
    "/referrals/{referral_id}", response=answers(ReferralOut, refused=(404,)), url_name="referral"
)
def referral_detail(request: AuthenticatedHttpRequest, referral_id: int) -> Any:
    """One referral: its status and dates (never the volunteer family)."""
    return _out(request, referral_id)


@router.post(
    "/referrals/{referral_id}/submit",
    response=answers(ReferralOut),
    url_name="referral_submit",
)
def referral_submit(request: AuthenticatedHttpRequest, referral_id: int) -> Any:
    """Send a saved draft to staff; refused with the reasons while anything is missing."""
    referral = selectors.referral_for_user_or_404(user=request.user, pk=referral_id)
    if not policies.can_edit_draft(request.user, referral):
        raise PermissionDenied
    services.referral_submit(referral=referral, by=request.user)
    return _out(request, referral_id)


@router.post(
    "/referrals/{referral_id}/transitions",
    response=answers(ReferralOut),
    url_name="referral_transition",
)
def referral_transition(
    request: AuthenticatedHttpRequest, referral_id: int, payload: TransitionIn
) -> Any:
    """Move a referral on (staff) or withdraw it (its caseworker or staff), with a reason."""
    user = request.user
    referral = selectors.referral_for_user_or_404(user=user, pk=referral_id)
    target = payload.to_status
    if target in (ReferralStatus.HOME_VISIT_PLANNED, ReferralStatus.HOME_VISIT_HELD) and (
        referral.status != ReferralStatus.HOME_VISIT_PLANNED
        or target == ReferralStatus.HOME_VISIT_HELD
    ):
        raise ValidationError(
            _("Plan and record the home visit with its own operations: they carry its date.")
        )
    if not policies.can_transition(user, referral, target):
        raise PermissionDenied
    services.referral_transition(
        referral=referral, to_status=target, by=user, reason=payload.reason
    )
    return _out(request, referral_id)


@router.post(
    "/referrals/{referral_id}/notes",
    response=answers(NoteOut, status=201),
    url_name="referral_note",
)
def referral_note(request: AuthenticatedHttpRequest, referral_id: int, payload: NoteIn) -> Any:
    """A note between the referring caseworker and the site's staff."""
    referral = selectors.referral_for_user_or_404(user=request.user, pk=referral_id)
    if not policies.can_add_note(request.user, referral):
        raise PermissionDenied
    note = services.referral_note_add(referral=referral, by=request.user, text=payload.text)
    return Status(201, NoteOut(id=note.pk, created_at=note.created_at, text=note.text))


@router.post(
    "/referrals/{referral_id}/home-visit/plan",
    response=answers(ReferralOut),
    url_name="home_visit_plan",
)
def home_visit_plan(
    request: AuthenticatedHttpRequest, referral_id: int, payload: HomeVisitPlanIn
) -> Any:
    """Agree the home visit's date and time (staff)."""
    referral = selectors.referral_for_intake_or_404(user=request.user, pk=referral_id)
    planned_for = payload.planned_for
    if timezone.is_naive(planned_for):
        planned_for = timezone.make_aware(planned_for)
    services.home_visit_plan(referral=referral, by=request.user, planned_for=planned_for)
    return _out(request, referral_id)


@router.post(
    "/referrals/{referral_id}/home-visit",
    response=answers(ReferralOut),
    url_name="home_visit_record",
)
def home_visit_record(
    request: AuthenticatedHttpRequest, referral_id: int, payload: HomeVisitIn
) -> Any:
    """Record the screening home visit (staff); the referral moves to "home visit held"."""
    referral = selectors.referral_for_intake_or_404(user=request.user, pk=referral_id)
    form = HomeVisitForm(payload.model_dump())
    if not form.is_valid():
        raise _form_errors(form)
    services.home_visit_record(referral=referral, by=request.user, data=form.cleaned_data)
    return _out(request, referral_id)


@router.get("/intake", response=list[IntakeItemOut], url_name="intake")
def intake(
    request: AuthenticatedHttpRequest,
    response: HttpResponse,
    page: Query[PageParams],
    site_id: int | None = None,
) -> list[IntakeItemOut]:
    """The intake queue of the caller's sites: new referrals first, longest waiting first."""
    if not policies.can_run_intake(request.user):
        raise PermissionDenied
    now = timezone.now()
    queue = selectors.intake_queue(user=request.user, site_id=site_id)
    shown = page_of(queue, page, request=request, response=response)
    audit_read(request, shown)
    return [IntakeItemOut.from_referral(r, now) for r in shown]

"""Staff pages for the end of the year: the future agreement, an early ending and the
deletion confirmations given by phone."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemtilos.core.actions import form_action
from hjemtilos.core.forms import add_service_errors, render_form, service_action
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.friendships import selectors
from hjemtilos.friendships.forms import (
    AgreedForm,
    ChildHeardForm,
    EndEarlyForm,
    StaffFutureWishForm,
    yes_no,
)
from hjemtilos.friendships.models import (
    DeletionConfirmation,
    Friendship,
    FriendshipStatus,
    FutureAgreement,
    Side,
)
from hjemtilos.friendships.services.ending import (
    deletion_confirm,
    friendship_end_early,
    future_agreement_agree,
    future_agreement_confirm,
    future_agreement_opens_on,
    future_child_heard_record,
    future_wish_record,
)
from hjemtilos.privacy.audit import audit_read


def future_agreement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The future agreement step by step: the volunteer family, the parent, the child, the
    agreed form, both confirmations."""
    friendship = selectors.friendship_for_managing_or_404(user=request.user, pk=pk)
    if friendship.status != FriendshipStatus.RUNNING:
        raise Http404
    audit_read(request, friendship)
    future = FutureAgreement.objects.filter(friendship=friendship).first()
    forms: dict[str, Form] = {
        "volunteer_form": StaffFutureWishForm(
            initial={"side": Side.VOLUNTEER_FAMILY}, prefix="volunteer"
        ),
        "parent_form": StaffFutureWishForm(initial={"side": Side.CHILD_FAMILY}, prefix="parent"),
        "child_form": ChildHeardForm(prefix="child"),
        "agreed_form": AgreedForm(prefix="agreed"),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done = _act(request, friendship, action, forms)
        except ValidationError as error:
            form = forms.get(f"{action}_form")
            if form is not None:
                add_service_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
        else:
            if done:
                messages.success(request, done)
                return redirect("friendships:future", pk=friendship.pk)
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(
        request,
        "friendships/future_agreement.html",
        {
            "friendship": friendship,
            "future": future,
            "opens_on": future_agreement_opens_on(friendship),
            "today": timezone.localdate(),
            **forms,
        },
        status=status,
    )


def _act(  # noqa: PLR0911 - one return per step of the page, each a form and a service
    request: AuthenticatedHttpRequest, friendship: Friendship, action: str, forms: dict[str, Form]
) -> str:
    """Carry out one step; returns the message for the user ("" when the form has errors)."""
    by = request.user
    if action in ("volunteer", "parent"):
        form = StaffFutureWishForm(request.POST, prefix=action)
        forms[f"{action}_form"] = form
        if not form.is_valid():
            return ""
        future_wish_record(
            friendship=friendship,
            side=Side.VOLUNTEER_FAMILY if action == "volunteer" else Side.CHILD_FAMILY,
            by=by,
            wants=yes_no(form.cleaned_data["wants"]),
            frequency=form.cleaned_data["frequency"],
            note=form.cleaned_data["note"],
            by_staff=True,
        )
        return _("The wish is recorded.")
    if action == "child":
        child_form = ChildHeardForm(request.POST, prefix="child")
        forms["child_form"] = child_form
        if not child_form.is_valid():
            return ""
        future_child_heard_record(
            friendship=friendship, by=by, note=child_form.cleaned_data["note"]
        )
        return _("The child's voice is recorded.")
    if action == "agreed":
        agreed_form = AgreedForm(request.POST, prefix="agreed")
        forms["agreed_form"] = agreed_form
        if not agreed_form.is_valid():
            return ""
        future_agreement_agree(
            friendship=friendship,
            by=by,
            wants=yes_no(agreed_form.cleaned_data["wants"]),
            frequency=agreed_form.cleaned_data["frequency"],
            details=agreed_form.cleaned_data["details"],
        )
        return _("The agreement is recorded. Both families can now confirm it in the portal.")
    if action in ("confirm_volunteer", "confirm_parent"):
        future_agreement_confirm(
            friendship=friendship,
            side=Side.VOLUNTEER_FAMILY if action == "confirm_volunteer" else Side.CHILD_FAMILY,
            by=by,
            by_staff=True,
        )
        return _("The confirmation is recorded.")
    raise Http404


def end_early(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """End the friendship before the year is over (*ophør*)."""
    friendship = selectors.friendship_for_managing_or_404(user=request.user, pk=pk)
    if not friendship.is_active:
        raise Http404
    audit_read(request, friendship)
    form = EndEarlyForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    return form_action(
        request,
        form,
        lambda: friendship_end_early(
            friendship=friendship,
            by=request.user,
            ended_on=form.cleaned_data["ended_on"],
            ended_by=form.cleaned_data["ended_by"],
            reason_category=form.cleaned_data["reason_category"],
            reason=form.cleaned_data["reason"],
            child_back_to_matching=bool(yes_no(form.cleaned_data["child_back_to_matching"])),
            family_status=form.cleaned_data["family_status"],
        ),
        success=_(
            "The friendship has ended. The volunteer family no longer sees the child's "
            "data, and both families are asked to confirm deletion."
        ),
        then=lambda: redirect("friendships:detail", pk=friendship.pk),
        again=lambda: render_form(
            request, "friendships/end_early.html", form, {"friendship": friendship}
        ),
    )


@require_POST
def record_deletion(
    request: AuthenticatedHttpRequest, pk: int, confirmation_pk: int
) -> HttpResponse:
    """Staff record a family's confirmation given by phone."""
    friendship = selectors.friendship_for_managing_or_404(user=request.user, pk=pk)
    confirmation = DeletionConfirmation.objects.filter(
        pk=confirmation_pk, friendship=friendship
    ).first()
    if confirmation is None:
        raise Http404
    service_action(
        request,
        lambda: deletion_confirm(confirmation=confirmation, by=request.user, by_staff=True),
        success=_("The confirmation is recorded."),
    )
    return redirect("friendships:detail", pk=friendship.pk)

"""Pages for referrals: the caseworker's enrollment and list, staff's intake.

Views stay thin: policies decide who may, services change, selectors read.
A refused object answers 404 so nobody learns that another municipality's
or site's referral exists. The pages are split by who uses them:
``enrollment`` (the caseworker's form and list), ``detail`` (the referral page
both sides share) and ``intake`` (staff's queue, the home visit, the lists).
"""

from hjemtilos.referrals.views.detail import add_note, change_status, detail, withdraw
from hjemtilos.referrals.views.enrollment import add_sibling, create, edit, my_referrals, updates
from hjemtilos.referrals.views.intake import (
    child_detail,
    guardian_invite,
    intake,
    plan_home_visit,
    record_home_visit,
    referral_list,
)

__all__ = [
    "add_note",
    "add_sibling",
    "change_status",
    "child_detail",
    "create",
    "detail",
    "edit",
    "guardian_invite",
    "intake",
    "my_referrals",
    "plan_home_visit",
    "record_home_visit",
    "referral_list",
    "updates",
    "withdraw",
]

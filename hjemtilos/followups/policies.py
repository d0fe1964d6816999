"""Who has follow-up tasks and who may close them, edit the plan and run supervision.

Tasks belong to staff; a task is closed by staff of its site. The site lead
(*projektleder*) sees the overdue tasks of everyone at the site. Staff of a
site edit its follow-up plan template and plan its group supervision.
"""

from __future__ import annotations

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role, lead_site_ids
from hjemtilos.followups.models import FollowUpTask, PlanTemplateItem, SupervisionSession
from hjemtilos.organisations.models import Site
from hjemtilos.organisations.selectors import site_ids_for_staff


def can_have_tasks(user: User) -> bool:
    return has_role(user, Role.STAFF)


def can_complete_task(user: User, task: FollowUpTask) -> bool:
    return has_role(user, Role.STAFF) and task.site_id in site_ids_for_staff(user)


def is_site_lead(user: User) -> bool:
    return bool(lead_site_ids(user))


def can_edit_plan(user: User, site: Site) -> bool:
    return has_role(user, Role.STAFF) and site.pk in site_ids_for_staff(user)


def can_edit_plan_item(user: User, item: PlanTemplateItem) -> bool:
    return can_edit_plan(user, item.site)


def can_run_supervision(user: User, site_id: int) -> bool:
    return has_role(user, Role.STAFF) and site_id in site_ids_for_staff(user)


def can_run_session(user: User, session: SupervisionSession) -> bool:
    return can_run_supervision(user, session.site_id)

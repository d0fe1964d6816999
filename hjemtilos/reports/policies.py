"""Who may read reports, for which sites, and who sees small numbers.

Staff read the figures of the sites they work at; evaluators read every
site's figures, as aggregates only (counts and rates, never a name or a row
about one family or child), with numbers under 5 hidden. Caseworkers, the
advisory team, families, parents and administrators (who run the system)
read no reports (SPEC.md section 2). Downloads hide small numbers for
everyone: a file travels (docs/decisions/0051-small-numbers.md).
"""

from __future__ import annotations

from django.db.models import QuerySet

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.organisations.models import Site
from hjemtilos.organisations.selectors import site_ids_for_staff


def can_view_reports(user: User) -> bool:
    return has_role(user, Role.STAFF, Role.EVALUATOR)


def report_sites(user: User) -> QuerySet[Site]:
    """The sites whose figures ``user`` may read, as a queryset."""
    if has_role(user, Role.EVALUATOR):
        return Site.objects.all()
    if has_role(user, Role.STAFF):
        return Site.objects.filter(pk__in=site_ids_for_staff(user))
    return Site.objects.none()


def suppresses_small_numbers(user: User) -> bool:
    """Numbers from 1 to 4 are shown as "< 5" to evaluators (staff run the cases themselves)."""
    return not has_role(user, Role.STAFF)

"""Writes for volunteer families, one module per part of the course.

``status``: the lifecycle (``family_transition``) and the ``vetting_complete``
flag; ``application``: the public application; ``vetting``: the home
interview, certificates, the online course and policy acceptances;
``household``: changes the family or staff make to the household;
``policy``: publishing a new code-of-conduct or ethical-rules version;
``portal_access``: inviting the household's adults to the volunteer portal;
``birthdays``: the daily job that gives members new requirements as they age.
The daily jobs themselves are in ``volunteers.jobs``.
"""

from hjemtilos.volunteers.services.application import (
    APPLICATION_LIMIT_PER_HOUR,
    application_attempt_register,
    application_attempts_prune,
    application_submit,
)
from hjemtilos.volunteers.services.birthdays import vetting_birthdays_run
from hjemtilos.volunteers.services.household import (
    family_address_change,
    family_contact_person_set,
    household_member_add,
    household_member_move_out,
)
from hjemtilos.volunteers.services.policy import policy_version_publish
from hjemtilos.volunteers.services.portal_access import household_member_invite
from hjemtilos.volunteers.services.status import (
    FAMILY_WORKFLOW,
    family_transition,
    family_vetting_refresh,
)
from hjemtilos.volunteers.services.vetting import (
    certificate_decide,
    certificate_record,
    course_record,
    interview_plan,
    interview_record,
    policy_accept,
)

__all__ = [
    "APPLICATION_LIMIT_PER_HOUR",
    "FAMILY_WORKFLOW",
    "application_attempt_register",
    "application_attempts_prune",
    "application_submit",
    "certificate_decide",
    "certificate_record",
    "course_record",
    "family_address_change",
    "family_contact_person_set",
    "family_transition",
    "family_vetting_refresh",
    "household_member_add",
    "household_member_invite",
    "household_member_move_out",
    "interview_plan",
    "interview_record",
    "policy_accept",
    "policy_version_publish",
    "vetting_birthdays_run",
]

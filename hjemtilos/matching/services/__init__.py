"""Writes for matching, one module per part; import them from here.

``proposals``: proposing, answers, withdrawal, the first meeting.
``books``: the friendship books and their photos.
``setup``: site settings, a child's weekdays, computing the site-wide run, geocoding.
``runs``: asking for a site-wide run (a task worker computes it).
"""

from hjemtilos.matching.services.books import (
    book_pdf_make,
    book_photo_add,
    book_photo_consent,
    book_photo_delete,
    book_update,
    books_unwritten,
)
from hjemtilos.matching.services.proposals import (
    PROPOSAL_WORKFLOW,
    books_mark_sent,
    first_meeting_schedule,
    match_proposal_answer,
    match_proposal_create,
    match_proposal_withdraw,
    proposal_transition,
    staff_of_site,
)
from hjemtilos.matching.services.runs import suggestion_request
from hjemtilos.matching.services.setup import (
    child_weekdays_update,
    geocode_addresses_refresh,
    matching_settings_update,
    suggestion_compute,
    suggestion_run,
)

__all__ = [
    "PROPOSAL_WORKFLOW",
    "book_pdf_make",
    "book_photo_add",
    "book_photo_consent",
    "book_photo_delete",
    "book_update",
    "books_mark_sent",
    "books_unwritten",
    "child_weekdays_update",
    "first_meeting_schedule",
    "geocode_addresses_refresh",
    "match_proposal_answer",
    "match_proposal_create",
    "match_proposal_withdraw",
    "matching_settings_update",
    "proposal_transition",
    "staff_of_site",
    "suggestion_compute",
    "suggestion_request",
    "suggestion_run",
]

"""Safeguarding's pages, by audience: concerns (``concerns``), notifications
(``notifications``), the advisory lead (``lead``), administrators (``administration``) and
requests from professionals (``inquiries``)."""

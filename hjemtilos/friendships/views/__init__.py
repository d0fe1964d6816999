"""Pages of the friendship year, by audience: staff (``staff``, ``logbook``, ``ending``),
both (``visits``), the families' portal (``portal``) and calendar feeds (``feeds``)."""

"""Pages of the friendship year, by audience: staff (``staff``, ``logbook``, ``ending``,
``supervision``), both (``visits``), the families' portal (``portal``) and calendar feeds
(``feeds``)."""

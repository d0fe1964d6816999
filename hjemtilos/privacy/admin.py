"""The audit log is not in the Django admin.

django-auditlog registers its entries there; they hold every record's name
and changed values, and the admin would show them whole to anyone with the
model permission. Administrators read the log through ``privacy.views``,
which shows a case record by type and id only (docs/need-to-know.md).
"""

from auditlog.models import LogEntry
from django.contrib import admin

# auditlog's admin module is imported before this one (INSTALLED_APPS order).
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)

"""The Django admin's app config, with our admin site (``accounts.admin_site``).

Kept apart from ``admin_site`` because an app config is imported before the
models are ready and the site class reads the accounts' policies.
"""

from django.contrib.admin.apps import AdminConfig


class HjemtilosAdminConfig(AdminConfig):
    default_site = "hjemtilos.accounts.admin_site.HjemtilosAdminSite"

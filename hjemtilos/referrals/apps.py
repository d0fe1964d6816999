from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "hjemtilos.referrals"
    label = "referrals"

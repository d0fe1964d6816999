from django.urls import path

from hjemtilos.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("barn/<int:pk>/", views.child_detail, name="child"),
]

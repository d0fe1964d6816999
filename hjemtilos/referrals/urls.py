from django.urls import path

from hjemtilos.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("mine/", views.my_referrals, name="mine"),
    path("beskeder/", views.updates, name="updates"),
    path("ny/", views.create, name="create"),
    path("modtagelse/", views.intake, name="intake"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/rediger/", views.edit, name="edit"),
    path("<int:pk>/soeskende/", views.add_sibling, name="add_sibling"),
    path("<int:pk>/traek-tilbage/", views.withdraw, name="withdraw"),
    path("<int:pk>/note/", views.add_note, name="add_note"),
    path("<int:pk>/status/", views.change_status, name="change_status"),
    path("<int:pk>/hjemmebesoeg/planlaeg/", views.plan_home_visit, name="plan_home_visit"),
    path("<int:pk>/hjemmebesoeg/", views.record_home_visit, name="record_home_visit"),
    path("barn/<int:pk>/", views.child_detail, name="child"),
    path("foraelder/<int:pk>/inviter/", views.guardian_invite, name="guardian_invite"),
]

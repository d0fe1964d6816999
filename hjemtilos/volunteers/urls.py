from django.urls import path

from hjemtilos.volunteers.views import documents, portal, public, staff

app_name = "volunteers"
urlpatterns = [
    # Staff
    path("", staff.family_list, name="list"),
    path("<int:pk>/", staff.family_detail, name="detail"),
    path("<int:pk>/status/", staff.change_status, name="change_status"),
    path("<int:pk>/kontaktperson/", staff.set_contact_person, name="set_contact_person"),
    path("<int:pk>/samtale/planlaeg/", staff.plan_interview, name="plan_interview"),
    path("<int:pk>/samtale/", staff.record_interview, name="record_interview"),
    path("<int:pk>/medlem/<int:member_pk>/", staff.member_vetting, name="member"),
    path("<int:pk>/godkend/", staff.approve, name="approve"),
    path("medlem/<int:pk>/inviter/", staff.member_invite, name="member_invite"),
    path("politikker/", documents.policy_documents, name="policies"),
    # The public application
    path("bliv-venskabsfamilie/", public.apply, name="apply"),
    path("bliv-venskabsfamilie/tak/", public.apply_receipt, name="apply_receipt"),
    # The volunteer portal
    path("min-familie/", portal.portal, name="portal"),
    path("min-familie/dokument/<str:kind>/", portal.portal_policy, name="portal_policy"),
    path("min-familie/nyt-medlem/", portal.member_add, name="portal_member_add"),
    path(
        "min-familie/medlem/<int:member_pk>/fraflytning/",
        portal.member_move_out,
        name="portal_member_move_out",
    ),
    path("min-familie/adresse/", portal.address_change, name="portal_address"),
]

from django.urls import path

from hjemtilos.friendships.views import (
    ending,
    extra,
    feeds,
    greetings,
    logbook,
    portal,
    staff,
    supervision,
    visits,
)

app_name = "friendships"
urlpatterns = [
    # Staff
    path("", staff.friendship_list, name="list"),
    path("opmaerksomhed/", staff.attention, name="attention"),
    path("skoleferier/", staff.school_holidays, name="school_holidays"),
    path("skoleferier/<int:pk>/slet/", staff.school_holiday_delete, name="school_holiday_delete"),
    path("logbog/", logbook.screening, name="screening"),
    path("supervision/", supervision.supervision, name="supervision"),
    path("logbog/<int:pk>/screen/", logbook.screen, name="screen"),
    path("hilsner/", greetings.relay_queue, name="relay_queue"),
    path("hilsner/<int:pk>/videregiv/", greetings.relay, name="greeting_relay"),
    path("hilsner/foto/<int:pk>/", greetings.photo, name="greeting_photo"),
    path("ekstra/<int:pk>/", extra.decide, name="extra_visit_decide"),
    path("ekstra/<int:pk>/aflys/", extra.cancel, name="extra_visit_cancel"),
    path("<int:pk>/", staff.friendship_detail, name="detail"),
    path("<int:pk>/besoeg/", staff.visit_calendar, name="visits"),
    path("<int:pk>/venskabsmoede/planlaeg/", staff.first_meeting_plan, name="first_meeting_plan"),
    path("<int:pk>/venskabsmoede/", staff.first_meeting, name="first_meeting"),
    path("<int:pk>/aftale/", staff.agreement, name="agreement"),
    path("<int:pk>/plan/", staff.plan_reapply, name="plan_reapply"),
    path("<int:pk>/fremtidsaftale/", ending.future_agreement, name="future"),
    path("<int:pk>/afslut/", ending.end_early, name="end_early"),
    path("<int:pk>/hilsner/telefon/", greetings.phone_feedback, name="phone_feedback"),
    path("<int:pk>/hilsner/indstillinger/", greetings.greeting_settings, name="greeting_settings"),
    path(
        "<int:pk>/sletning/<int:confirmation_pk>/",
        ending.record_deletion,
        name="record_deletion",
    ),
    # One visit: the families in the portal and staff
    path("besoeg/<int:pk>/aflys/", visits.cancel, name="visit_cancel"),
    path("besoeg/<int:pk>/flyt/", visits.move, name="visit_move"),
    path("besoeg/<int:pk>/behold/", visits.keep, name="visit_keep"),
    path("besoeg/<int:pk>/afholdt/", visits.held, name="visit_held"),
    # The families' portal
    path("mine/", portal.portal_list, name="portal_list"),
    path("mine/<int:pk>/", portal.portal_detail, name="portal"),
    path("mine/<int:pk>/logbog/", logbook.write, name="logbook_write"),
    path("mine/<int:pk>/fremtid/", portal.future, name="portal_future"),
    path("mine/<int:pk>/sletning/", portal.confirm_deletion, name="confirm_deletion"),
    path("mine/<int:pk>/paamindelser/", portal.reminders, name="reminders"),
    path("mine/<int:pk>/hilsner/", greetings.greetings, name="greetings"),
    path("mine/<int:pk>/hilsner/ny/", greetings.send, name="greeting_send"),
    path("mine/<int:pk>/hilsner/foto-samtykke/", greetings.photo_consent, name="photo_consent"),
    path("mine/<int:pk>/ekstra/", extra.add, name="extra_visit_add"),
    path("mine/<int:pk>/samtalen-med-barnet/", portal.guidance, name="guidance"),
    path("kalender/", feeds.calendar_settings, name="calendar_settings"),
    path("kalender/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
]

from django.urls import path

from hjemtilos.support.views import events, friendship, groups

app_name = "support"
urlpatterns = [
    # Beside one friendship
    path(
        "venskaber/<int:friendship_pk>/samtale/",
        friendship.conversation_add,
        name="conversation_add",
    ),
    path("venskaber/<int:friendship_pk>/psykolog/", friendship.psychologist, name="psychologist"),
    path("psykolog/<int:pk>/", friendship.psychologist_talk, name="psychologist_talk"),
    path(
        "venskaber/<int:friendship_pk>/ring-til-os/", friendship.call_request, name="call_request"
    ),
    # Joint outings and events
    path("arrangementer/", events.events, name="events"),
    path("arrangementer/<int:pk>/", events.event, name="event"),
    path("arrangementer/<int:pk>/aflys/", events.event_cancel, name="event_cancel"),
    path("mine-arrangementer/", events.my_events, name="my_events"),
    path("mine-arrangementer/<int:pk>/", events.event_answer, name="event_answer"),
    # Supervision groups
    path("grupper/", groups.groups, name="groups"),
    path("grupper/<int:pk>/", groups.group, name="group"),
    path("grupper/<int:pk>/supervision/", groups.group_session, name="group_session"),
]

"""The respondents' links (``/svar/<token>/``, short for the SMS) and the survey pages."""

from django.urls import path

from hjemtilos.surveys.views import instruments, outcomes, public, staff

app_name = "surveys"
urlpatterns = [
    # The personal link: no login.
    path("svar/<str:token>/", public.answer, name="answer"),
    path("svar/<str:token>/deltag/", public.consent, name="consent"),
    path("svar/<str:token>/nej-tak/", public.decline, name="decline"),
    path("svar/<str:token>/fortryd/", public.undo_decline, name="undo_decline"),
    # The instruments.
    path("spoergeskemaer/", instruments.survey_list, name="list"),
    path("spoergeskemaer/<int:pk>/ny-version/", instruments.version_draft, name="version_draft"),
    path("spoergeskemaer/version/<int:pk>/", instruments.version_detail, name="version"),
    path("spoergeskemaer/version/<int:pk>/tekster/", instruments.version_edit, name="version_edit"),
    path(
        "spoergeskemaer/version/<int:pk>/nyt-spoergsmaal/",
        instruments.question_add,
        name="question_add",
    ),
    path(
        "spoergeskemaer/version/<int:pk>/offentliggoer/",
        instruments.version_publish,
        name="version_publish",
    ),
    path("spoergeskemaer/spoergsmaal/<int:pk>/", instruments.question_edit, name="question_edit"),
    path(
        "spoergeskemaer/spoergsmaal/<int:pk>/slet/",
        instruments.question_remove,
        name="question_delete",
    ),
    path(
        "spoergeskemaer/spoergsmaal/<int:pk>/flyt/",
        instruments.question_reorder,
        name="question_move",
    ),
    # The figures.
    path("spoergeskemaer/udbytte/", outcomes.outcomes_report, name="outcomes"),
    # Staff: a friendship's surveys.
    path("spoergeskemaer/invitation/<int:pk>/indtast/", staff.enter, name="enter"),
    path("spoergeskemaer/invitation/<int:pk>/send-igen/", staff.reopen, name="reopen"),
    path("spoergeskemaer/besvarelse/<int:pk>/", staff.response_detail, name="response"),
    path("spoergeskemaer/venskab/<int:pk>/barnets-stemme/", staff.child_voice, name="child_voice"),
]

from django.urls import path

from hjemtilos.matching.views import books, children, proposals, site

app_name = "matching"
urlpatterns = [
    path("", children.waiting, name="waiting"),
    path("barn/<int:pk>/", children.child, name="child"),
    path("barn/<int:pk>/ugedage/", children.weekdays, name="weekdays"),
    path("barn/<int:pk>/foreslaa/", children.propose, name="propose"),
    path("forslag/", proposals.proposal_list, name="proposals"),
    path("forslag/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("forslag/<int:pk>/svar/", proposals.answer, name="answer"),
    path("forslag/<int:pk>/traek-tilbage/", proposals.withdraw, name="withdraw"),
    path("forslag/<int:pk>/boeger-sendt/", proposals.books_sent, name="books_sent"),
    path("forslag/<int:pk>/venskabsmoede/", proposals.schedule, name="schedule"),
    path("forslag/<int:pk>/bog/<str:kind>/", books.book_edit, name="book"),
    path("forslag/<int:pk>/bog/<str:kind>/samtykke/", books.book_consent, name="book_consent"),
    path("forslag/<int:pk>/bog/<str:kind>/billede/", books.photo_add, name="photo_add"),
    path("forslag/<int:pk>/bog/<str:kind>/pdf/", books.book_pdf, name="book_pdf"),
    path("billede/<int:pk>/", books.photo, name="photo"),
    path("billede/<int:pk>/slet/", books.photo_delete, name="photo_delete"),
    path("hele-sitet/", site.suggestion, name="suggestion"),
    path("hele-sitet/<int:pk>/beregn/", site.suggestion_run, name="suggestion_run"),
    path("hele-sitet/<int:pk>/status/", site.suggestion_progress, name="suggestion_progress"),
    path("indstillinger/<int:pk>/", site.site_settings, name="settings"),
]

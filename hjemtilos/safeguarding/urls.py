from django.urls import path

from hjemtilos.safeguarding import views

app_name = "safeguarding"
urlpatterns = [
    path("bekymringer/", views.concern_list, name="concerns"),
    path("bekymringer/<int:pk>/", views.concern_detail, name="concern"),
    path("bekymringer/<int:pk>/trin/", views.concern_step, name="concern_step"),
    path("venskab/<int:friendship_pk>/bekymring/", views.concern_raise, name="concern_raise"),
    path("venskab/<int:friendship_pk>/henvendelse/", views.inquiry_create, name="inquiry_create"),
    path("henvendelser/<int:pk>/", views.inquiry_detail, name="inquiry"),
]

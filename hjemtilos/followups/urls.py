from django.urls import path

from hjemtilos.followups import views

app_name = "followups"
urlpatterns = [
    path("", views.my_tasks, name="mine"),
    path("<int:pk>/", views.task_detail, name="task"),
    path("<int:pk>/afslut/", views.complete, name="complete"),
    path("<int:pk>/genplanlaeg/", views.replan, name="replan"),
    path("forfaldne/", views.overdue, name="overdue"),
    path("plan/", views.plan, name="plan"),
    path("plan/<int:site_pk>/nyt/", views.plan_item_add, name="plan_item_add"),
    path("plan/punkt/<int:pk>/", views.plan_item_edit, name="plan_item_edit"),
    path("supervision/<int:pk>/", views.supervision_detail, name="supervision_detail"),
]

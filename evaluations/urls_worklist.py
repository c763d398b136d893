"""Routes of the work list, the notifications and the history of an evaluation."""

from django.urls import path

from evaluations import worklist_views

urlpatterns = [
    path("worklist/", worklist_views.worklist, name="worklist"),
    path("notifications/", worklist_views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/read/", worklist_views.notification_read, name="notification_read"),
    path("notifications/read/", worklist_views.notifications_read_all, name="notifications_read_all"),
    path("evaluations/<int:pk>/history/", worklist_views.evaluation_history_view, name="evaluation_history"),
]

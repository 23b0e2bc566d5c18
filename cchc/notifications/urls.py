from django.urls import path

from cchc.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("da-doc/", views.notifications_read, name="read"),
]

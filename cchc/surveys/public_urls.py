"""The public survey form: no login, no session (the respondent is anonymous).

``PUBLIC_PATH_PREFIXES`` is what a login-required middleware must let through."""

from django.urls import path

from cchc.surveys import public_views

PUBLIC_PATH_PREFIXES = ("/phieu/",)

app_name = "phieu"
urlpatterns = [
    path("", public_views.start, name="start"),
    path("cam-on/", public_views.thanks, name="thanks"),
    path("l/<str:token>/", public_views.open_link, name="open_link"),
    path("<str:code>/", public_views.form, name="form"),
]

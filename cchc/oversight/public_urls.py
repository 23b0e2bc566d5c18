"""The login-free disclosure section, mounted at /cong-khai/ (namespace ``public``)."""

from django.urls import path

from cchc.oversight import public_views as public

app_name = "public"

urlpatterns = [
    path("", public.index, name="index"),
    path("<str:code>/", public.province_page, name="province"),
    path("<str:code>/atom.xml", public.feed, name="feed"),
    path("<str:code>/<int:publication_id>/", public.publication_page, name="publication"),
]

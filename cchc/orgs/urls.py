from django.urls import path

from cchc.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("nhap/", views.unit_import, name="unit_import"),
    path("xuat/", views.unit_export, name="unit_export"),
    path("<int:unit_id>/", views.unit_detail, name="unit_detail"),
]

from django.urls import path

from cchc.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("nhap/", views.plan_import, name="plan_import"),
    path("nhap/<int:import_id>/", views.import_preview, name="import_preview"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_id>/xuat-xlsx/", views.plan_export, name="plan_export"),
    path("<int:plan_id>/chua-co-chu-tri/", views.plan_without_lead, name="plan_without_lead"),
]

from django.urls import path

from cchc.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("don-vi/", views.dashboard_units, name="dashboard_units"),
    path("kiem-tra/", views.inspection_plan_list, name="inspection_plan_list"),
    path("kiem-tra/lap/", views.inspection_plan_create, name="inspection_plan_create"),
    path("kiem-tra/<int:plan_id>/", views.inspection_plan_detail, name="inspection_plan_detail"),
    path("kiem-tra/don-vi/<int:inspection_id>/", views.inspection_detail, name="inspection_detail"),
    path("kiem-tra/don-vi/<int:inspection_id>/bien-ban/", views.inspection_report, name="inspection_report"),
    path("cong-bo/", views.publication_list, name="publication_list"),
    path("cong-bo/<int:publication_id>/rut-lai/", views.publication_withdraw, name="publication_withdraw"),
]

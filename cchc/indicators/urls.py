from django.urls import path

from cchc.indicators import dossier_views, target_views, views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("ho-so/", dossier_views.dossier_upload, name="dossier_upload"),
    path("ho-so/<int:ingest_id>/", dossier_views.ingest_detail, name="ingest_detail"),
    path("nhap/<int:unit_id>/<str:period>/", views.value_entry, name="value_entry"),
    path("so-lieu/<int:value_id>/duyet/", views.value_approve, name="value_approve"),
    path("so-lieu/<int:value_id>/mo-lai/", views.value_reopen, name="value_reopen"),
    path("ke-hoach/<int:plan_id>/", target_views.plan_attainment, name="plan_attainment"),
    path("ke-hoach/<int:plan_id>/gan-chi-so/", target_views.target_link, name="target_link"),
    path("chi-tieu/<int:target_id>/", target_views.target_detail, name="target_detail"),
    path("chi-tieu/<int:target_id>/cach-danh-gia/", target_views.target_rule, name="target_rule"),
    path("766/<int:unit_id>/<str:period>/", views.index766, name="index766"),
    path("<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("<str:code>/tai-len/", views.value_upload, name="value_upload"),
]

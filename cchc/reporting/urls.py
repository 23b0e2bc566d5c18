from django.urls import path

from cchc.reporting import consolidation_views, views

app_name = "reporting"
CONSOLIDATION = "tong-hop/<int:plan_id>/<str:period>/"
COMPLIANCE = "tinh-hinh-nop/<int:plan_id>/<str:period>/"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("lich/", views.calendar_page, name="calendar"),
    path("don-vi/<int:unit_id>/<str:period>/", views.unit_report_edit, name="unit_report_edit"),
    path("<int:report_id>/", views.report_detail, name="report_detail"),
    path("<int:report_id>/xem-xet/", views.report_review, name="report_review"),
    path("<int:report_id>/tai-ve/<str:fmt>/", views.report_download, name="report_download"),
    path(CONSOLIDATION, consolidation_views.consolidation, name="consolidation"),
    path(CONSOLIDATION + "noi-dung/", consolidation_views.consolidation_texts, name="consolidation_texts"),
    path(
        CONSOLIDATION + "tai-ve/<str:fmt>/",
        consolidation_views.consolidation_download,
        name="consolidation_download",
    ),
    path(
        CONSOLIDATION + "chuan-bi/<str:fmt>/",
        consolidation_views.consolidation_prepare,
        name="consolidation_prepare",
    ),
    path(COMPLIANCE, consolidation_views.compliance, name="compliance"),
    path(COMPLIANCE + "nhac/<int:unit_id>/", consolidation_views.remind, name="remind"),
    path(COMPLIANCE + "nhac-tat-ca/", consolidation_views.remind_all, name="remind_all"),
]

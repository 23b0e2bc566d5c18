from django.urls import path

from cchc.parindex import bulk_views, province_views, set_views, sheet_views, views

app_name = "parindex"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("dot/moi/", views.campaign_create, name="campaign_create"),
    path("dot/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("dot/<int:campaign_id>/giai-doan/", views.campaign_stage, name="campaign_stage"),
    path("dot/<int:campaign_id>/phe-duyet/", views.campaign_approve, name="campaign_approve"),
    path("dot/<int:campaign_id>/mo-lai/", views.campaign_reopen, name="campaign_reopen"),
    path("phieu/<int:sheet_id>/loai-tru/", views.sheet_exclude, name="sheet_exclude"),
    path("phieu/<int:sheet_id>/cham/", bulk_views.sheet_bulk, name="sheet_bulk"),
    path("dot/<int:campaign_id>/hoi-dong/", views.council_queue, name="council_queue"),
    path("dot/<int:campaign_id>/ket-qua/", views.results, name="results"),
    path("dot/<int:campaign_id>/ket-qua.<str:fmt>", views.results_download, name="results_download"),
    path("dot/<int:campaign_id>/diem-dieu-tra/", views.survey_points, name="survey_points"),
    path("dot/<int:campaign_id>/ke-hoach-khac-phuc/", views.improvement_plan, name="improvement_plan"),
    path("phieu/<int:sheet_id>/", sheet_views.sheet_detail, name="sheet_detail"),
    path("phieu/<int:sheet_id>/bang-diem.<str:fmt>", sheet_views.sheet_download, name="sheet_download"),
    path("phieu/<int:sheet_id>/gui/", sheet_views.sheet_submit, name="sheet_submit"),
    path("phieu/<int:sheet_id>/ket-thuc-tham-dinh/", sheet_views.round_close, name="round_close"),
    path("diem/<int:score_id>/", sheet_views.score_edit, name="score_edit"),
    path("tai-lieu/<int:evidence_id>/", sheet_views.evidence_download, name="evidence_download"),
    path("bo-chi-so/", set_views.set_list, name="set_list"),
    path("bo-chi-so/mau.xlsx", set_views.set_template, name="set_template"),
    path("bo-chi-so/<int:set_id>/", set_views.set_detail, name="set_detail"),
    # the province's own index (issue 21)
    path("tinh/", province_views.province_list, name="province_list"),
    path("tinh/<int:campaign_id>/", province_views.province_detail, name="province_detail"),
    path("tinh/<int:campaign_id>/tu-danh-gia/", province_views.province_self, name="province_self"),
    path("tinh/<int:campaign_id>/chua-dat/", province_views.province_gap, name="province_gap"),
    path("tinh/<int:campaign_id>/bao-cao.docx", province_views.province_report, name="province_report"),
    path("tinh/<int:campaign_id>/ket-qua-cong-bo/", province_views.province_result, name="province_result"),
]

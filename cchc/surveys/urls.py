from django.urls import path

from cchc.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("phieu-khao-sat/", views.questionnaire_list, name="questionnaire_list"),
    path("phieu-khao-sat/<int:questionnaire_id>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("tao-dot/", views.round_create, name="round_create"),
    path("<int:round_id>/", views.round_detail, name="round_detail"),
    path("<int:round_id>/trang-thai/", views.round_status, name="round_status"),
    path("<int:round_id>/kenh/", views.round_channels, name="round_channels"),
    path("<int:round_id>/tinh-lai/", views.round_refresh, name="round_refresh"),
    path("<int:round_id>/muc-tieu/", views.round_targets, name="round_targets"),
    path("<int:round_id>/nhap-phieu/", views.round_import, name="round_import"),
    path("<int:round_id>/tai-ve/<str:what>/", views.round_download, name="round_download"),
    path("don-vi/<int:round_unit_id>/", views.round_unit_detail, name="round_unit_detail"),
    path("don-vi/<int:round_unit_id>/cap-nhat/", views.round_unit_update, name="round_unit_update"),
    path("don-vi/<int:round_unit_id>/ma/", views.invitation_create, name="invitation_create"),
    path("don-vi/<int:round_unit_id>/ma/in/", views.invitation_sheet, name="invitation_sheet"),
]

from django.urls import path

from cchc.tracking import views

app_name = "tracking"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("danh-sach/", views.task_list, name="task_list"),
    path("theo-nhiem-vu/", views.task_board, name="task_board"),
    path("lich-han/", views.calendar, name="calendar"),
    path("cho-duyet/", views.approval_queue, name="approval_queue"),
    path("don-vi-da-dong/", views.closed_units, name="closed_units"),
    path("ke-hoach/<int:plan_id>/", views.plan_table, name="plan_table"),
    path("tien-do/", views.plan_timeline, name="timeline"),
    path("ke-hoach/<int:plan_id>/chua-lap-ke-hoach/", views.plan_missing_units, name="plan_missing_units"),
    path("ke-hoach/<int:plan_id>/don-vi-chua-xac-dinh/", views.plan_mentions, name="plan_mentions"),
    path("<int:assignment_id>/", views.assignment_detail, name="assignment_detail"),
    path("<int:assignment_id>/cap-nhat/", views.assignment_update, name="assignment_update"),
    path("bao-cao/<int:update_id>/duyet/", views.update_approve, name="update_approve"),
    path("bao-cao/<int:update_id>/xem-xet/", views.update_review, name="update_review"),
    path("tai-lieu/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("su-kien/<int:task_id>/", views.task_event, name="task_event"),
    path("ke-hoach-don-vi/", views.unit_plan_list, name="unit_plan_list"),
    path("ke-hoach-don-vi/tao/", views.unit_plan_create, name="unit_plan_create"),
    path("ke-hoach-don-vi/<int:plan_id>/", views.unit_plan_detail, name="unit_plan_detail"),
]

from django.urls import path

from cchc.tracking import assignment_views, calendar_views, queue_views, unit_plan_views, views

app_name = "tracking"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("danh-sach/", views.task_list, name="task_list"),
    path("theo-nhiem-vu/", views.task_board, name="task_board"),
    path("lich-han/", calendar_views.calendar, name="calendar"),
    path("cho-duyet/", queue_views.approval_queue, name="approval_queue"),
    path("don-vi-da-dong/", queue_views.closed_units, name="closed_units"),
    path("ke-hoach/<int:plan_id>/", views.plan_table, name="plan_table"),
    path("tien-do/", calendar_views.plan_timeline, name="timeline"),
    path(
        "ke-hoach/<int:plan_id>/chua-lap-ke-hoach/",
        unit_plan_views.plan_missing_units,
        name="plan_missing_units",
    ),
    path("ke-hoach/<int:plan_id>/don-vi-chua-xac-dinh/", views.plan_mentions, name="plan_mentions"),
    path("<int:assignment_id>/", assignment_views.assignment_detail, name="assignment_detail"),
    path("<int:assignment_id>/cap-nhat/", assignment_views.assignment_update, name="assignment_update"),
    path("bao-cao/<int:update_id>/duyet/", assignment_views.update_approve, name="update_approve"),
    path("bao-cao/<int:update_id>/xem-xet/", assignment_views.update_review, name="update_review"),
    path("tai-lieu/<int:evidence_id>/", assignment_views.evidence_download, name="evidence_download"),
    path("su-kien/<int:task_id>/", assignment_views.task_event, name="task_event"),
    path("ke-hoach-don-vi/", unit_plan_views.unit_plan_list, name="unit_plan_list"),
    path("ke-hoach-don-vi/tao/", unit_plan_views.unit_plan_create, name="unit_plan_create"),
    path("ke-hoach-don-vi/<int:plan_id>/", unit_plan_views.unit_plan_detail, name="unit_plan_detail"),
]

from django.urls import path

from cchc.budget import appraisal_views, estimate_views, views

app_name = "budget"

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("<int:round_id>/", views.round_detail, name="round_detail"),
    path("<int:round_id>/don-vi/<int:unit_id>/", estimate_views.estimate_form, name="estimate_form"),
    path("<int:round_id>/don-vi/<int:unit_id>/dong-moi/", estimate_views.line_row, name="line_row"),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/mau.xlsx",
        estimate_views.estimate_template,
        name="estimate_template",
    ),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/tai-len/", estimate_views.estimate_upload, name="estimate_upload"
    ),
    path("du-toan/<int:estimate_id>/tham-dinh/", appraisal_views.estimate_appraise, name="estimate_appraise"),
    path("dong/<int:line_id>/chi/", appraisal_views.line_spending, name="line_spending"),
    path("chi/<int:spending_id>/tep/", appraisal_views.spending_evidence, name="spending_evidence"),
]

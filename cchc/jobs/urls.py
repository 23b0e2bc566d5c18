from django.urls import path

from cchc.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<int:job_id>/", views.job_detail, name="job_detail"),
    path("<int:job_id>/tai-ve/", views.job_download, name="job_download"),
]

from django.contrib import admin
from django.urls import include, path

from cchc.api import api

urlpatterns = [
    path("", include("cchc.core.urls")),
    path("tai-khoan/", include("cchc.accounts.urls")),
    path("co-quan/", include("cchc.orgs.urls")),
    path("nhat-ky/", include("cchc.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("api/", api.urls),
]

handler404 = "cchc.core.views.not_found"
handler500 = "cchc.core.views.server_error"

for _module, _prefix in (
    ("cchc.plans.urls", "ke-hoach/"),
    ("cchc.tracking.urls", "nhiem-vu/"),
    ("cchc.reporting.urls", "bao-cao/"),
    ("cchc.jobs.urls", "tep/"),
    ("cchc.notifications.urls", "thong-bao/"),
    ("cchc.surveys.urls", "khao-sat/"),
    # the public survey form (no login): PUBLIC_PATH_PREFIXES in cchc/surveys/public_urls.py
    ("cchc.surveys.public_urls", "phieu/"),
    ("cchc.oversight.urls", "dieu-hanh/"),
    ("cchc.oversight.public_urls", "cong-khai/"),
    ("cchc.parindex.urls", "chi-so-cchc/"),
    ("cchc.indicators.urls", "chi-so/"),
    ("cchc.budget.urls", "kinh-phi/"),
):
    try:
        __import__(_module)
    except ModuleNotFoundError:
        continue
    urlpatterns.append(path(_prefix, include(_module)))

from django.urls import path

from cchc.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("chuyen-don-vi/", views.switch_unit, name="switch_unit"),
    path("xac-thuc-hai-lop/", views.two_factor_verify, name="two_factor_verify"),
    path("thiet-lap-hai-lop/", views.two_factor_setup, name="two_factor_setup"),
]

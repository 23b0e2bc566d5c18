"""Pages translate domain errors once (``core.pages.PageErrorMiddleware``), like the API does."""

import pytest
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.urls import include, path

from cchc import urls as project_urls
from cchc.accounts.policy import Forbidden, NotFound
from cchc.core.errors import ConflictError, DomainError


def _raise(exc):
    def view(request):
        raise exc

    return view


def _ok(request):
    return HttpResponse("ok")


urlpatterns = [
    path("missing/", _raise(NotFound("x"))),
    path("forbidden/", _raise(Forbidden("x"))),
    path("refused/", _raise(DomainError("Kỳ báo cáo không hợp lệ.", details=[{"message": "Dòng 3"}]))),
    path("conflict/", _raise(ConflictError("Người khác vừa sửa."))),
    path("form/", _ok),
    path("api/refused/", _raise(DomainError("x"))),
    path("", include(project_urls.urlpatterns)),  # the pages' menu and links
]
handler404 = project_urls.handler404

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_not_found_is_the_404_page(client):
    assert client.get("/missing/").status_code == 404


def test_forbidden_is_the_403_page(client):
    r = client.post("/forbidden/")
    assert r.status_code == 403
    assert "Không có quyền truy cập" in r.content.decode()


def test_a_refused_get_shows_the_message_on_a_400_page(client):
    r = client.get("/refused/")
    assert r.status_code == 400
    body = r.content.decode()
    assert "Kỳ báo cáo không hợp lệ." in body and "Dòng 3" in body


def test_a_refused_post_goes_back_to_the_form_with_the_message(client):
    r = client.post("/conflict/", HTTP_REFERER="http://testserver/form/")
    assert r.status_code == 302 and r.url == "http://testserver/form/"
    assert [str(m) for m in get_messages(r.wsgi_request)] == ["Người khác vừa sửa."]


def test_a_refused_post_from_another_site_goes_back_to_the_posted_url(client):
    r = client.post("/refused/", HTTP_REFERER="https://evil.example/")
    assert r.status_code == 302 and r.url == "/refused/"


def test_a_refused_htmx_request_gets_a_fragment_htmx_swaps_in(client):
    r = client.post("/refused/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert r.content.decode().strip().startswith('<p class="error" role="alert">Kỳ báo cáo không hợp lệ.')


def test_api_paths_are_left_to_the_api_handlers(client):
    with pytest.raises(DomainError):
        client.get("/api/refused/")


@pytest.mark.parametrize("url", ["/nhiem-vu/danh-sach/?q=%00x", "/co-quan/?q=a%00", "/form/?%00=1"])
def test_a_nul_character_in_the_address_is_refused_with_a_message_not_a_server_error(client, url):
    r = client.get(url)
    assert r.status_code == 400
    assert "ký tự không hợp lệ" in r.content.decode()


def test_a_nul_character_in_a_posted_form_is_refused_before_the_view(client):
    for r in (
        client.post("/form/", {"narrative": "a\x00b"}),  # multipart
        client.post("/form/", "narrative=a%00b", content_type="application/x-www-form-urlencoded"),
    ):
        assert r.status_code == 400
    assert client.post("/form/", {"narrative": "ab"}).content == b"ok"

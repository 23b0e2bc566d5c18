"""API errors are JSON with a Vietnamese message, never an HTML page or a stack trace."""

from __future__ import annotations

import pytest


def _is_json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"]
    assert "Traceback" not in response.content.decode()
    return body


def test_unexpected_exception_is_a_json_500_without_traceback(login, users, monkeypatch):
    def broken(user):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("cchc.orgs.queries.units_for_user", broken)
    client = login(users["officer"])
    client.raise_request_exception = False
    body = _is_json_error(client.get("/api/orgs/units"), 500)
    assert "secret internal detail" not in str(body)
    assert body["message"] == "Lỗi hệ thống. Vui lòng thử lại sau."


def test_bad_parameter_is_a_json_422_naming_the_field(login, users):
    body = _is_json_error(login(users["officer"]).get("/api/orgs/units?at=31/02/2024"), 422)
    assert "at" in str(body["details"])


@pytest.mark.parametrize("path", ["/api/orgs/units/abc", "/api/orgs/units/999999"])
def test_bad_or_unknown_id_is_a_json_error(login, users, path):
    response = login(users["officer"]).get(path)
    _is_json_error(response, response.status_code)
    assert response.status_code in (404, 422)


def test_anonymous_gets_json_401(client, db):
    _is_json_error(client.get("/api/orgs/groups"), 401)


def test_unknown_api_path_is_json_and_unknown_page_is_the_vietnamese_page(login, users):
    client = login(users["officer"])
    _is_json_error(client.get("/api/khong-co-duong-dan-nay"), 404)
    page = client.get("/khong-co-trang-nay/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
    assert "Không tìm thấy" in page.content.decode()

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


HUGE = str(2**64 + 7)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/tracking/assignments?unit={HUGE}",
        f"/api/tracking/assignments?plan={HUGE}",
        f"/api/reports/units?plan_id={HUGE}",
        f"/api/orgs/units/{HUGE}",
        f"/api/plans/{HUGE}",
        f"/api/tracking/assignments/{HUGE}",
        f"/api/reports/units/{HUGE}",
        "/api/tracking/assignments?as_of=9999-12-31",
        "/api/tracking/assignments?due_to=9999-12-31&due_from=0001-01-01",
        "/api/orgs/units?at=9999-12-31",
        "/api/tracking/assignments?as_of=10000-01-01",
    ],
)
def test_out_of_range_ids_and_dates_are_refused_not_a_500(login, users, path):
    client = login(users["officer"])
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code in (200, 400, 404, 422), (path, response.status_code, response.content[:300])
    if response.status_code != 200:
        _is_json_error(response, response.status_code)


def test_every_operation_declares_its_error_responses(client, users):
    from cchc.api import ERRORS

    client.force_login(users["reporter"])
    schema = client.get("/api/openapi.json").json()
    operations = [(m, p, op) for p, ops in schema["paths"].items() for m, op in ops.items()]
    assert len(operations) >= 14
    for method, path, op in operations:
        declared = {int(code) for code in op["responses"]}
        assert set(ERRORS) <= declared, (method, path, sorted(declared))
        assert declared & {200, 201, 204}, (method, path)


@pytest.mark.parametrize("ctype", ["application/json", "text/csv"])
def test_a_body_over_2_mib_is_a_json_413_not_a_500(login, users, ctype):
    client = login(users["officer"])
    client.raise_request_exception = False
    body = b'{"dataValues": [' + b" " * (2 * 1024 * 1024 + 10) + b"]}"
    response = client.post("/api/indicators/dataValueSets", data=body, content_type=ctype)
    data = _is_json_error(response, 413)
    assert data["code"] == "too_large" and "MiB" in data["message"]


@pytest.mark.parametrize("path", ["/api/openapi.json", "/api/docs"])
def test_api_schema_and_docs_need_a_session_or_a_token(client, users, path):
    from cchc.accounts.actions import do_issue_token

    assert client.get(path).status_code == 401  # anonymous (docs/security.md, "API")
    _row, token = do_issue_token(actor=None, user=users["reporter"], name="t")
    assert client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert client.get(path, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    client.force_login(users["reporter"])
    assert client.get(path).status_code == 200

"""The public form: anonymous, one group per screen, drafts kept, one response per code, and
every kind of bad input refused with a Vietnamese message and nothing half-stored."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cchc.core.errors import DomainError
from cchc.surveys.intake import do_submit_response
from cchc.surveys.models import Answer, Channel, Response, ResponseDraft
from cchc.testing.surveys import SATISFIED


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _url(code):
    return f"/phieu/{code.code if hasattr(code, 'code') else code}/"


def test_respondent_fills_the_form_screen_by_screen_without_login(client, codes):
    code = codes[0]
    page = client.get(_url(code))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Bước 1/2" in body and "Sở Tư pháp" in body and "<script" not in body and 'style="' not in body
    assert 'for="' in body or "<legend>" in body  # labelled controls
    # screen 1: a dissatisfied answer makes the "reasons" screen appear
    resp = client.post(_url(code), {"buoc": "0", **SATISFIED, "thai_do": "chua_hai_long"})
    assert resp.status_code == 302 and resp["Location"].endswith("?buoc=1")
    draft = ResponseDraft.objects.get(key=code.code)
    assert draft.answers["thai_do"] == "chua_hai_long" and draft.step == 1
    # the connection drops: opening the code again resumes at screen 2 with nothing lost
    again = client.get(_url(code)).content.decode()
    assert "Bước 2/2" in again and "Lý do chưa hài lòng" in again
    resp = client.post(
        _url(code), {"buoc": "1", "ly_do_chua_hl": ["tre_hen", "thai_do"], "gop_y": "Cần nhanh hơn"}
    )
    assert resp.status_code == 302 and resp["Location"] == "/phieu/cam-on/"
    response = Response.objects.get(invitation=code)
    assert response.channel == Channel.INVITATION and response.client_key == ""
    stored = {(a.question, a.value) for a in response.answers.all()}
    assert ("ly_do_chua_hl", "tre_hen") in stored and ("gop_y", "Cần nhanh hơn") in stored
    assert not ResponseDraft.objects.filter(key=code.code).exists()
    assert "sessionid" not in client.cookies
    assert "Cảm ơn" in client.get("/phieu/cam-on/").content.decode()


def test_reused_code_is_refused_and_nothing_is_stored(client, codes):
    code = codes[0]
    client.post(_url(code), {"buoc": "0", **SATISFIED})
    assert Response.objects.filter(invitation=code).count() == 1
    page = client.get(_url(code))
    assert page.status_code == 409 and "đã được dùng" in page.content.decode()
    posted = client.post(_url(code), {"buoc": "0", **SATISFIED})
    assert posted.status_code == 409
    assert Response.objects.filter(invitation=code).count() == 1
    assert Answer.objects.filter(response__invitation=code).count() == 3


def test_the_database_constraint_refuses_a_second_response_for_a_code(codes, stp_unit):
    """Two submissions racing past the page's check: the unique constraint decides."""
    do_submit_response(round_unit=stp_unit, raw=SATISFIED, channel=Channel.INVITATION, invitation=codes[1])
    with pytest.raises(DomainError) as info:
        do_submit_response(
            round_unit=stp_unit, raw=SATISFIED, channel=Channel.INVITATION, invitation=codes[1]
        )
    assert info.value.code == "used" and "một lần" in str(info.value.message)
    assert Response.objects.count() == 1 and Answer.objects.count() == 3


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({**SATISFIED, "muc_do": "tuyet_voi"}, "lựa chọn không có trong phiếu"),
        ({"thoi_gian": "hai_long", "thai_do": "hai_long"}, "Vui lòng trả lời câu"),
    ],
)
def test_bad_answers_are_refused_with_a_message(client, codes, post, message):
    resp = client.post(_url(codes[0]), {"buoc": "0", **post})
    assert resp.status_code == 400 and message in resp.content.decode()
    assert not Response.objects.exists() and not ResponseDraft.objects.exists()


def test_huge_text_is_refused(client, codes):
    client.post(_url(codes[0]), {"buoc": "0", **SATISFIED, "muc_do": "chua_hai_long"})
    resp = client.post(_url(codes[0]), {"buoc": "1", "ly_do_chua_hl": "khac", "gop_y": "x" * 5000})
    assert resp.status_code == 400 and "tối đa 1000 ký tự" in resp.content.decode()
    assert not Response.objects.exists()
    assert "gop_y" not in ResponseDraft.objects.get(key=codes[0].code).answers


def test_forged_code_and_forged_link_answer_404(client, codes):
    for url in ("/phieu/ZZZZZZZZ/", "/phieu/l/forged-token/", "/phieu/ZZZZZZZZZZ/"):
        resp = client.get(url)
        assert resp.status_code == 404 and "không đúng" in resp.content.decode()


def test_form_posted_after_the_round_closed(client, codes, open_round):
    from cchc.surveys.actions import do_set_round_status

    client.post(_url(codes[0]), {"buoc": "0", **SATISFIED, "muc_do": "chua_hai_long"})  # a draft exists
    do_set_round_status(round=open_round, status="closed", actor=None)
    resp = client.post(_url(codes[0]), {"buoc": "1", "ly_do_chua_hl": "khac"})
    assert resp.status_code == 410 and "đã kết thúc" in resp.content.decode()
    assert not Response.objects.exists()
    assert not ResponseDraft.objects.exists()  # closing drops unfinished forms


def test_a_flood_on_one_code_slows_that_code_only(client, codes, settings):
    settings.CCHC_SURVEY_CODE_PER_MINUTE = 30
    statuses = [client.get(_url(codes[0]), REMOTE_ADDR="198.51.100.7").status_code for _ in range(35)]
    assert statuses[:30] == [200] * 30 and statuses[-1] == 429
    refused = client.get(_url(codes[0]), REMOTE_ADDR="198.51.100.7")
    assert "vừa được mở quá nhiều lần" in refused.content.decode() and int(refused["Retry-After"]) <= 60
    assert client.get(_url(codes[1]), REMOTE_ADDR="198.51.100.7").status_code == 200  # other codes served


def test_a_flood_from_one_address_is_refused_with_what_to_do(client, codes, settings):
    settings.CCHC_SURVEY_ADDRESS_PER_MINUTE = 20
    statuses = [client.get(_url(codes[i % 5]), REMOTE_ADDR="198.51.100.7").status_code for i in range(25)]
    assert statuses[:20] == [200] * 20 and statuses[-1] == 429
    body = client.get(_url(codes[0]), REMOTE_ADDR="198.51.100.7").content.decode()
    assert "Vui lòng đợi" in body and "không bị mất" in body
    assert client.get(_url(codes[0]), REMOTE_ADDR="198.51.100.8").status_code == 200  # others still served


def test_open_link_resume_rate_limit_and_duplicates(client, stp_unit):
    stp_unit.per_address_per_hour = 2
    stp_unit.save()
    link = f"/phieu/l/{stp_unit.link_token}/"
    assert "Bắt đầu trả lời" in client.get(link).content.decode()
    start = client.post(link)
    resume = start["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert len(resume) == 10
    page = client.get(start["Location"]).content.decode()
    assert "Mã tiếp tục" in page
    assert client.post(f"/phieu/{resume}/", {"buoc": "0", **SATISFIED}).status_code == 302
    response = Response.objects.get()
    assert response.channel == Channel.OPEN_LINK and response.invitation is None
    assert len(response.client_key) == 32 and "127.0.0.1" not in response.client_key
    assert not response.needs_review
    # the same answers again from the same address on the same day (two citizens at one kiosk
    # may well agree): stored and counted, flagged for review, never refused
    dup = do_submit_response(
        round_unit=stp_unit, raw=SATISFIED, channel=Channel.OPEN_LINK, address="127.0.0.1"
    )
    assert dup.needs_review and dup.dedupe_key == response.dedupe_key
    with pytest.raises(DomainError) as limited:
        do_submit_response(
            round_unit=stp_unit,
            raw={**SATISFIED, "thai_do": "rat_hai_long"},
            channel=Channel.OPEN_LINK,
            address="127.0.0.1",
        )
    assert limited.value.code == "rate_limited" and "một giờ" in str(limited.value.message)
    assert Response.objects.count() == 2
    do_submit_response(round_unit=stp_unit, raw=SATISFIED, channel=Channel.OPEN_LINK, address="192.0.2.9")
    assert Response.objects.count() == 3


def test_open_link_total_limit(stp_unit):
    stp_unit.max_responses = 1
    stp_unit.save()
    do_submit_response(round_unit=stp_unit, raw=SATISFIED, channel=Channel.OPEN_LINK, address="192.0.2.1")
    with pytest.raises(DomainError) as info:
        do_submit_response(round_unit=stp_unit, raw=SATISFIED, channel=Channel.OPEN_LINK, address="192.0.2.2")
    assert info.value.code == "full"


def test_a_code_of_another_unit_cannot_be_posted_to_this_unit(codes, open_round, org_tree):
    other_unit = open_round.units.get(unit=org_tree["HP-STTTT"])
    with pytest.raises(DomainError):
        do_submit_response(
            round_unit=other_unit, raw=SATISFIED, channel=Channel.INVITATION, invitation=codes[0]
        )
    assert not Response.objects.exists()


def test_start_page_accepts_a_typed_code(client, codes):
    typed = f"{codes[0].code[:4].lower()}-{codes[0].code[4:].lower()}"
    resp = client.get("/phieu/", {"ma": typed})
    assert resp.status_code == 302 and resp["Location"] == _url(codes[0])
    assert "Nhập mã khảo sát" in client.get("/phieu/").content.decode()


def test_forged_round_and_unit_fields_are_ignored(client, codes, open_round, org_tree):
    """Where a response goes follows from the code alone: posted ids change nothing."""
    other = open_round.units.get(unit=org_tree["HP-STTTT"])
    resp = client.post(
        _url(codes[0]),
        {
            "buoc": "0",
            **SATISFIED,
            "round_unit": other.pk,
            "round": 999999,
            "unit": org_tree["DN"].pk,
            "channel": "import",
        },
    )
    assert resp.status_code == 302
    response = Response.objects.get()
    assert response.round_unit_id == codes[0].round_unit_id and response.channel == Channel.INVITATION
    assert set(response.answers.values_list("question", flat=True)) == set(SATISFIED)


def test_a_submission_costs_a_few_queries_whatever_the_round_holds(client, codes, stp_unit):
    """The submitting POST: the code with its round, "already used?" and "a draft?" in one query,
    then the response with its answers (one statement on PostgreSQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for code in codes[2:6]:  # earlier responses in the round change nothing
        do_submit_response(round_unit=stp_unit, raw=SATISFIED, channel=Channel.INVITATION, invitation=code)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.post(_url(codes[0]), {"buoc": "0", **SATISFIED})
    assert resp.status_code == 302 and resp["Location"] == "/phieu/cam-on/"
    writes = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(writes) <= (2 if connection.vendor == "postgresql" else 4), writes
    assert Answer.objects.filter(response__invitation=codes[0]).count() == 3


def test_the_one_statement_submission_stores_texts_choices_and_numbers(codes, stp_unit):
    """PostgreSQL's one-statement path stores what the ORM path stores: a text, one row per
    chosen option, a number (in ``number``, ``value`` empty); the draft goes with it."""
    import datetime as dt
    from decimal import Decimal

    from django.db import connection

    from cchc.surveys import intake

    if connection.vendor != "postgresql":
        pytest.skip("the one-statement path is PostgreSQL's")
    ResponseDraft.objects.create(round_unit=stp_unit, key=codes[3].code, answers={}, step=0)
    now = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC)
    answers = {"gop_y": "Nhanh hơn", "ly_do": ["tre_hen", "thai_do"], "so_lan": Decimal("3.5")}
    response = intake._store_in_one_statement(stp_unit, codes[3], answers, codes[3].code, now)
    stored = Response.objects.get(pk=response.pk)
    assert stored.invitation == codes[3] and stored.submitted_at == now and not stored.needs_review
    rows = {(a.question, a.value, a.number) for a in stored.answers.all()}
    assert rows == {
        ("gop_y", "Nhanh hơn", None),
        ("ly_do", "tre_hen", None),
        ("ly_do", "thai_do", None),
        ("so_lan", "", Decimal("3.5000")),
    }
    assert not ResponseDraft.objects.filter(key=codes[3].code).exists()
    with pytest.raises(DomainError) as info:  # the code again: refused, nothing more stored
        intake._store_in_one_statement(stp_unit, codes[3], answers, "", now)
    assert info.value.code == "used" and Answer.objects.filter(response__invitation=codes[3]).count() == 4

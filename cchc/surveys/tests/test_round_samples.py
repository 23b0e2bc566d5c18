"""Issue 21 point 8: N per unit from its dossiers, units of the round's year (closed ones too),
indices from too few responses marked "chưa đủ mẫu (n/N)", 0 responses "chưa có số liệu", a
sample of 0 refused, and the surveys API (rounds, results, N and sample, response import)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cchc.core.errors import DomainError
from cchc.domain.surveys.indices import sample_status
from cchc.surveys import actions, queries
from cchc.surveys.models import RoundUnit, SurveyRound
from cchc.testing.factories import make_unit
from cchc.testing.surveys import make_round


def _dossiers(unit, year, month, received):
    from cchc.indicators.models import DossierAggregate, DossierIngest

    ingest = DossierIngest.objects.create(province=unit.province or unit, file_name="x.csv")
    DossierAggregate.objects.create(unit=unit, year=year, month=month, received=received, ingest=ingest)


def test_sample_status_rule():
    assert sample_status(0, 286) == "none"
    assert sample_status(2, 286) == "short"
    assert sample_status(286, 286) == "ok"
    assert sample_status(5, 0) == "unknown"


def test_population_prefilled_from_dossiers_of_the_reference_period(sipas, org_tree, users):
    stp, stttt, commune = org_tree["HP-STP"], org_tree["HP-STTTT"], org_tree["HP-X-ANTHANG"]
    _dossiers(stp, 2022, 3, 600)
    _dossiers(stp, 2022, 9, 400)
    _dossiers(stp, 2022, 11, 999)  # after the reference period (the round starts 01/11)
    _dossiers(stp, 2021, 12, 777)  # before it
    _dossiers(commune, 2022, 5, 120)  # a commune's dossiers count for its district
    rnd = actions.do_create_round(
        province=org_tree["HP"],
        questionnaire=sipas,
        title="SIPAS 2022",
        year=2022,
        starts_on=dt.date(2022, 11, 1),
        ends_on=dt.date(2022, 11, 30),
        units=[stp, stttt, org_tree["HP-H-ANLAO"], (org_tree["HP-Q-HONGBANG"], 50)],
        actor=users["officer"],
    )
    assert (rnd.reference_from, rnd.reference_to) == (dt.date(2022, 1, 1), dt.date(2022, 10, 31))
    by = {ru.unit.code: ru for ru in rnd.units.select_related("unit")}
    assert (by["HP-STP"].population, by["HP-STP"].population_source) == (1000, "dossiers")
    assert by["HP-STP"].sample_size == 286  # n = N / (1 + N·e²), e = 5%
    assert (by["HP-H-ANLAO"].population, by["HP-H-ANLAO"].population_source) == (120, "dossiers")
    assert (by["HP-STTTT"].population, by["HP-STTTT"].sample_size) == (None, 0)  # no dossier data
    assert (by["HP-Q-HONGBANG"].population, by["HP-Q-HONGBANG"].population_source) == (50, "entered")
    # editable: the standing agency corrects N, the sample follows
    actions.do_update_round_unit(round_unit=by["HP-STTTT"], population=400, actor=users["officer"])
    by["HP-STTTT"].refresh_from_db()
    assert (by["HP-STTTT"].population_source, by["HP-STTTT"].sample_size) == ("entered", 200)


def test_sample_of_zero_and_population_of_zero_are_refused(open_round, users, client):
    ru = open_round.units.first()
    before = (ru.population, ru.sample_size)
    with pytest.raises(DomainError) as exc:
        actions.do_update_round_unit(round_unit=ru, population=200, sample=0, actor=users["officer"])
    assert "Cỡ mẫu phải lớn hơn 0" in exc.value.message
    with pytest.raises(DomainError):
        actions.do_update_round_unit(round_unit=ru, population=0, actor=users["officer"])
    ru.refresh_from_db()
    assert (ru.population, ru.sample_size) == before
    # the same through the page and the API
    client.force_login(users["officer"])
    r = client.post(
        reverse("surveys:round_unit_update", args=[ru.pk]),
        {"population": "200", "sample_size": "0", "per_address_per_hour": "5"},
        follow=True,
    )
    assert "Cỡ mẫu phải lớn hơn 0" in r.content.decode()
    r = client.patch(f"/api/surveys/round-units/{ru.pk}", {"sample_size": 0}, content_type="application/json")
    assert r.status_code == 400 and "Cỡ mẫu phải lớn hơn 0" in r.json()["message"]
    ru.refresh_from_db()
    assert (ru.population, ru.sample_size) == before


def test_units_of_the_round_year_including_closed_ones(sipas, org_tree, users, client):
    closed = make_unit(org_tree["HP"], "HP-SGTVT", "Sở Giao thông vận tải", valid_to=dt.date(2025, 2, 28))
    later = make_unit(org_tree["HP"], "HP-SXD2", "Sở mới 2026", valid_from=dt.date(2026, 1, 1))
    client.force_login(users["officer"])
    body = client.get(reverse("surveys:round_create"), {"year": 2022}).content.decode()
    assert "Sở Giao thông vận tải" in body and "Sở mới 2026" not in body
    autumn = {"year": 2022, "starts_on": dt.date(2022, 10, 1), "ends_on": dt.date(2022, 11, 30)}
    common = {"province": org_tree["HP"], "questionnaire": sipas, "actor": users["officer"], **autumn}
    rnd = actions.do_create_round(title="SIPAS 2022", units=[(closed, 300)], **common)
    assert rnd.units.get().unit == closed
    with pytest.raises(DomainError) as exc:
        actions.do_create_round(title="SIPAS 2022 b", units=[(later, 300)], **common)
    assert "không hoạt động trong năm 2022" in exc.value.message
    assert SurveyRound.objects.count() == 1


def _answer(ru, n):
    """``n`` paper responses for ``ru`` (all fully satisfied), through the importer."""
    from cchc.surveys.importing import do_import_responses

    q = ru.round.questionnaire.parsed
    choice_qs = [name for name, question in q.questions.items() if question.is_choice]
    header = ["don_vi", *choice_qs]
    rows = [header] + [
        [ru.unit.code] + [q.questions[c].choices[-1].name for c in choice_qs] for _ in range(n)
    ]
    data = "\n".join(",".join(r) for r in rows).encode()
    return do_import_responses(round=ru.round, data=data, filename="p.csv", source="paper", actor=None)


def test_short_sample_marked_everywhere_and_no_response_is_no_data(sipas, org_tree, users, client):
    from cchc.surveys.results import do_refresh_results

    rnd = make_round(sipas, org_tree, title="SIPAS")
    stp = rnd.units.get(unit__code="HP-STP")
    stp.population, stp.sample_size = 1000, 286
    stp.save()
    _answer(stp, 2)
    do_refresh_results(round=rnd, actor=None)
    rows = {r["unit"].code: r for r in queries.unit_table(rnd, list(rnd.units.select_related("unit")))}
    assert rows["HP-STP"]["sample_note"] == "chưa đủ mẫu (2/286)"
    assert rows["HP-STTTT"]["sample_note"] == "chưa có số liệu"
    client.force_login(users["officer"])
    page = client.get(reverse("surveys:round_detail", args=[rnd.pk])).content.decode()
    assert "chưa đủ mẫu (2/286)" in page and "chưa có số liệu" in page
    unit_page = client.get(reverse("surveys:round_unit_detail", args=[stp.pk])).content.decode()
    assert "chưa đủ mẫu (2/286)" in unit_page
    snap = queries.results_snapshot(rnd)
    assert {u["unit_code"]: u["sample_note"] for u in snap["units"]}["HP-STP"] == "chưa đủ mẫu (2/286)"
    api = client.get(f"/api/surveys/rounds/{rnd.pk}/results").json()
    assert {u["unit_code"]: u["sample_note"] for u in api["units"]} == {
        "HP-STP": "chưa đủ mẫu (2/286)",
        "HP-STTTT": "chưa có số liệu",
    }
    # the leaders' dashboard and the publication read the closed round's indices with the mark
    actions.do_set_round_status(round=rnd, status="closed", actor=None)
    from cchc.oversight import sources

    rows = sources.survey_indices(org_tree["HP"], rnd.year)
    assert [r["name"] for r in rows] == ["Sở Tư pháp — chưa đủ mẫu (2/286)"]


def test_api_lists_rounds_and_scopes_units(open_round, users, client):
    client.force_login(users["reporter"])  # Sở Tư pháp: its own unit only
    assert [r["id"] for r in client.get("/api/surveys/rounds").json()] == [open_round.pk]
    body = client.get(f"/api/surveys/rounds/{open_round.pk}").json()
    assert [u["unit_code"] for u in body["units"]] == ["HP-STP"]
    client.force_login(users["dn_officer"])
    assert client.get(f"/api/surveys/rounds/{open_round.pk}").status_code == 404
    assert client.get("/api/surveys/rounds").json() == []
    # import: the reporter may read, not import (403); a bad source is a declared 400
    client.force_login(users["reporter"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = SimpleUploadedFile("p.csv", b"don_vi\nHP-STP\n", content_type="text/csv")
    r = client.post(f"/api/surveys/rounds/{open_round.pk}/responses", {"file": f, "source": "paper"})
    assert r.status_code == 403
    client.force_login(users["officer"])
    f = SimpleUploadedFile("p.csv", b"don_vi\nHP-STP\n", content_type="text/csv")
    r = client.post(f"/api/surveys/rounds/{open_round.pk}/responses", {"file": f, "source": "fax"})
    assert r.status_code == 400 and r.json()["code"] == "source"
    assert RoundUnit.objects.filter(round=open_round, responses__isnull=False).count() == 0

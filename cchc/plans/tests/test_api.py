"""/api/plans: auth, scoping, plan JSON, import with and without commit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.plans.actions import do_commit_plan
from cchc.plans.models import Plan, PlanImport
from cchc.testing.interchange import small_interchange


@pytest.mark.django_db
def test_import_requires_authentication(client, org_tree, seed):
    response = client.post("/api/plans/import", {"province": "HP", "file": SimpleUploadedFile("a.txt", b"x")})
    assert response.status_code == 401
    assert Plan.objects.count() == PlanImport.objects.count() == 0


@pytest.mark.django_db
def test_officer_imports_and_commits_through_the_api(users, org_tree, login, seed, no_assign):
    client = login(users["officer"])
    response = client.post(
        "/api/plans/import",
        {"province": "HP", "commit": "true", "file": SimpleUploadedFile("216.txt", seed("000"))},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["committed"] is True and body["interchange"]["format"] == "cchc.plan/1"
    plan = Plan.objects.get(pk=body["plan_id"])
    detail = client.get(f"/api/plans/{plan.pk}").json()
    assert detail["format"] == "cchc.plan/1" and detail["document"]["number"] == "216/KH-UBND"
    assert len(detail["tasks"]) == plan.tasks.count() and len(detail["areas"]) == 8
    listing = client.get("/api/plans/").json()
    assert [p["id"] for p in listing] == [plan.pk] and listing[0]["task_count"] == plan.tasks.count()


@pytest.mark.django_db
def test_preview_import_saves_no_plan(users, org_tree, login, seed):
    body = (
        login(users["officer"])
        .post("/api/plans/import", {"province": "HP", "file": SimpleUploadedFile("vy.txt", seed("002"))})
        .json()
    )
    assert body["committed"] is False and body["plan_id"] is None
    assert PlanImport.objects.get(pk=body["import_id"]).status == "pending"
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_api_refusals(users, org_tree, login):
    reporter = login(users["reporter"])
    r = reporter.post("/api/plans/import", {"province": "HP", "file": SimpleUploadedFile("a.txt", b"x")})
    assert r.status_code == 403
    officer = login(users["officer"])
    r = officer.post("/api/plans/import", {"province": "DN", "file": SimpleUploadedFile("a.txt", b"x")})
    assert r.status_code == 403
    r = officer.post(
        "/api/plans/import", {"province": "HP", "file": SimpleUploadedFile("a.docx", bytes(range(256)) * 40)}
    )
    assert r.status_code == 400 and "Word" in r.json()["message"]
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_plans_are_scoped(users, org_tree, login, no_assign):
    plan = do_commit_plan(actor=users["officer"], interchange=small_interchange(), province=org_tree["HP"])
    dn = login(users["dn_officer"])
    assert dn.get("/api/plans/").json() == []
    assert dn.get(f"/api/plans/{plan.pk}").status_code == 404
    assert login(users["reporter"]).get(f"/api/plans/{plan.pk}").status_code == 200

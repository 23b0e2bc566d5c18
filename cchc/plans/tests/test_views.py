"""Pages: upload → preview → confirm, refused inputs, scoping, XLSX export."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.orgs.models import OrgUnit
from cchc.plans.actions import do_commit_plan
from cchc.plans.models import Plan, PlanImport, Task, TaskUnit
from cchc.testing.interchange import small_interchange

UPLOAD = "/ke-hoach/nhap/"


def _upload(client, org_tree, name, data):
    return client.post(UPLOAD, {"province": org_tree["HP"].pk, "file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_reporter_cannot_open_the_upload_page(users, login):
    assert login(users["reporter"]).get(UPLOAD).status_code == 403


@pytest.mark.django_db
def test_officer_sees_the_upload_form_with_only_their_province(users, org_tree, login):
    response = login(users["officer"]).get(UPLOAD)
    assert response.status_code == 200
    assert "Thành phố Hải Phòng" in response.content.decode()
    assert "Thành phố Đà Nẵng" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("trong.txt", b"", "Tệp rỗng"),
        ("ke-hoach.docx", bytes(range(256)) * 40, "không phải là văn bản Word"),
        (
            "thu-moi.txt",
            "Kính gửi anh chị,\nMời dự buổi liên hoan cuối năm tại nhà văn hóa.\nTrân trọng.\n".encode(),
            "không phải là kế hoạch",
        ),
    ],
)
def test_bad_uploads_get_a_clear_message_and_save_nothing(users, org_tree, login, name, data, message):
    response = _upload(login(users["officer"]), org_tree, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Plan.objects.count() == PlanImport.objects.count() == 0


@pytest.mark.django_db
def test_a_50_mb_upload_is_refused(users, org_tree, login):
    response = _upload(login(users["officer"]), org_tree, "lon.txt", b"a" * (50 * 1024 * 1024))
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert Plan.objects.count() == PlanImport.objects.count() == 0


@pytest.mark.django_db
def test_upload_preview_map_and_confirm(users, org_tree, login, seed, no_assign):
    client = login(users["officer"])
    response = _upload(client, org_tree, "216-KH-UBND.txt", seed("000"))
    assert response.status_code == 302
    imp = PlanImport.objects.get()
    assert imp.status == "pending" and imp.uploaded_by == users["officer"]
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    headers = "STT, Mục tiêu, Nhiệm vụ, Hoạt động, Kết quả/Sản phẩm, Chủ trì, Phối hợp, Thời gian"
    for header in headers.split(", "):
        assert f"<th>{header}</th>" in html
    assert "unresolved" in html and "216/KH-UBND" in html
    assert Plan.objects.count() == 0

    # map every "Văn phòng Ủy ban nhân dân thành phố"-like unresolved text to Sở Nội vụ; edit task 0
    unresolved = imp.interchange["unresolved"]
    target = unresolved[0]
    k = unresolved.index(target)
    first_title = imp.interchange["tasks"][0]["title"]
    response = client.post(
        response["Location"],
        {
            "action": "commit",
            "confirm": "1",
            f"maptext-{k}": target,
            f"map-{k}": "unit:HP-SNV",
            "t-0-title": first_title + " (đã sửa)",
            "t-0-time": "Quý III/2022",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    first = plan.tasks.get(order=0)
    assert (
        first.title.endswith("(đã sửa)") and first.timeframe_text == "Quý III/2022" and first.end_year == 2022
    )
    mapped = TaskUnit.objects.filter(task__plan=plan, text=target)
    assert mapped.exists() and all(m.unit == org_tree["HP-SNV"] for m in mapped)
    imp.refresh_from_db()
    assert imp.status == "committed" and imp.plan == plan
    # a second confirmation of the same preview is refused
    again = client.post(reverse("plans:import_preview", args=[imp.pk]), {"action": "commit", "confirm": "1"})
    assert again.status_code == 400
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_preview_of_another_province_is_not_found(users, org_tree, login, seed):
    client = login(users["officer"])
    _upload(client, org_tree, "a.txt", seed("002"))
    imp = PlanImport.objects.get()
    assert login(users["dn_officer"]).get(reverse("plans:import_preview", args=[imp.pk])).status_code == 404


@pytest.fixture
def hp_plan(users, org_tree, no_assign):
    return do_commit_plan(actor=users["officer"], interchange=small_interchange(), province=org_tree["HP"])


@pytest.mark.django_db
def test_plan_detail_is_scoped_to_the_province(users, login, hp_plan):
    url = reverse("plans:plan_detail", args=[hp_plan.pk])
    response = login(users["reporter"]).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rà soát văn bản quy phạm pháp luật" in html and "Sở Tư pháp" in html
    assert "Ban XYZ" in html and "unresolved" in html
    assert login(users["dn_officer"]).get(url).status_code == 404
    assert (
        login(users["officer"]).get(reverse("plans:plan_detail", args=[hp_plan.pk + 999])).status_code == 404
    )


@pytest.mark.django_db
def test_plan_list_shows_only_own_provinces_plans(users, login, hp_plan):
    assert "01/KH-UBND" in login(users["leader"]).get("/ke-hoach/").content.decode()
    assert "01/KH-UBND" not in login(users["dn_officer"]).get("/ke-hoach/").content.decode()


@pytest.mark.django_db
def test_xlsx_export_has_the_framework_header_and_one_row_per_task(users, login, hp_plan):
    response = login(users["officer"]).get(reverse("plans:plan_export", args=[hp_plan.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[c for c in r] for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and "Chủ trì" in r)
    assert {"STT", "Nhiệm vụ", "Hoạt động", "Kết quả/Sản phẩm", "Phối hợp", "Thời gian"} <= set(rows[header])
    body = [r for r in rows[header + 1 :] if any(v not in (None, "") for v in r)]
    assert len(body) == Task.objects.filter(plan=hp_plan).count() == 2
    lead_col = rows[header].index("Chủ trì")
    assert body[0][lead_col] == "Sở Tư pháp"
    assert login(users["dn_officer"]).get(reverse("plans:plan_export", args=[hp_plan.pk])).status_code == 404


@pytest.mark.django_db
def test_home_panel_counts_plans_for_the_officer(users, login, hp_plan):
    html = login(users["officer"]).get("/").content.decode()
    assert "Kế hoạch CCHC" in html


@pytest.mark.django_db
def test_demo_step_loads_the_five_seed_plans(demo_tree, no_assign):
    from cchc.plans.demo import load_seed_plans

    load_seed_plans()
    codes = set(Plan.objects.values_list("province__code", flat=True))
    assert codes == {"HP", "DN", "VP", "HN", "HD"}
    assert Plan.objects.get(province__code="VP").owner_unit == OrgUnit.objects.get(code="VP-TP-VINHYEN")
    load_seed_plans()  # safe to run twice
    assert Plan.objects.count() == 5


@pytest.mark.django_db
def test_vague_catch_alls_are_shown_but_not_counted_as_units_to_map(users, org_tree, login, no_assign):
    plan = do_commit_plan(
        actor=users["officer"],
        interchange=small_interchange(lead="Sở Tư pháp; Ban XYZ", support="các cơ quan, đơn vị có liên quan"),
        province=org_tree["HP"],
    )
    vague = TaskUnit.objects.get(task__plan=plan, text="các cơ quan, đơn vị có liên quan")
    assert vague.vague and vague.unit is None and vague.group is None
    client = login(users["officer"])
    detail = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "các cơ quan, đơn vị có liên quan" in detail and "chung chung" in detail
    assert 'Chưa xác định đơn vị: <span class="badge unresolved">1</span>' in detail  # only Ban XYZ
    listing = client.get("/ke-hoach/").content.decode()
    assert '<span class="badge unresolved">1</span>' in listing
    assert "1 lượt nêu đơn vị chưa xác định" in client.get("/").content.decode()

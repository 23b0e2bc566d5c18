"""``cchc import-plan``: summary, JSON, province by code or name, commit, one-line errors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.plans.models import Plan
from cchc.testing.seeds import seed_path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_json_to_stdout_is_valid_json_and_summary_goes_to_stderr(org_tree):
    out, err = run(str(seed_path("000")), "--json", "-")
    data = json.loads(out)
    assert data["format"] == "cchc.plan/1"
    assert data["document"]["number"] == "216/KH-UBND"
    assert len(data["areas"]) == 8
    assert "tasks:" in err and "coverage:" in err and "%" in err
    assert "province guessed" in err and "Hải Phòng" in err


@pytest.mark.django_db
def test_summary_and_json_file(org_tree, tmp_path):
    target = tmp_path / "plan.json"
    out, _ = run(str(seed_path("000")), "--province", "hai phong", "--json", str(target))
    assert "216/KH-UBND" in out and "areas: 8" in out and "unit mentions:" in out and "warnings:" in out
    assert json.loads(target.read_text(encoding="utf-8"))["document"]["date"] == "2021-09-23"
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_commit_creates_the_plan(org_tree, no_assign):
    out, _ = run(str(seed_path("000")), "--province", "HP", "--commit")
    plan = Plan.objects.get()
    assert f"created plan #{plan.pk}" in out
    assert plan.province == org_tree["HP"] and plan.tasks.count() >= 100
    with pytest.raises(CommandError, match="already|đã có"):
        run(str(seed_path("000")), "--province", "Thành phố Hải Phòng", "--commit")
    assert Plan.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"\x00\x01binary" * 100, ""),
        ("Kính gửi anh chị,\nMời dự liên hoan cuối năm.\n".encode(), "not a plan"),
    ],
)
def test_bad_files_fail_with_one_line(org_tree, tmp_path, content, expected):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(CommandError) as err:
        run(str(path), "--province", "HP", "--commit")
    assert "\n" not in str(err.value) and expected in str(err.value)
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_unknown_province_and_missing_file(org_tree):
    with pytest.raises(CommandError, match="unknown province"):
        run(str(seed_path("000")), "--province", "Atlantis")
    with pytest.raises(CommandError, match="no such file"):
        run("/nonexistent/plan.docx")


@pytest.mark.django_db
def test_oversized_file_refused_before_reading(org_tree, tmp_path, settings):
    settings.CCHC_MAX_UPLOAD_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(CommandError, match="limit"):
        run(str(path))


@pytest.mark.django_db
def test_a_fresh_database_says_what_to_run_then_load_orgs_makes_the_import_work(no_assign):
    from cchc.orgs.models import OrgUnit

    assert not OrgUnit.objects.exists()
    with pytest.raises(CommandError) as refused:
        run(str(seed_path("000")), "--province", "Hải Phòng", "--commit")
    message = str(refused.value)
    assert "\n" not in message and "cchc load-orgs" in message and "no org tree" in message
    out = io.StringIO()
    call_command("load_orgs", stdout=out)
    assert "units created" in out.getvalue()
    assert OrgUnit.objects.filter(level="province").count() >= 2
    again = io.StringIO()
    call_command("load_orgs", stdout=again)  # safe to run twice
    assert again.getvalue().startswith("0 units created")
    stdout, _err = run(str(seed_path("000")), "--province", "Hải Phòng", "--commit")
    assert "created plan #" in stdout
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_a_province_missing_from_a_loaded_database_lists_the_known_ones(org_tree):
    with pytest.raises(CommandError) as refused:
        run(str(seed_path("000")), "--province", "Atlantis")
    message = str(refused.value)
    assert "known provinces are DN, HP" in message and "cchc import-orgs" in message


def test_import_report_in_text_and_json(org_tree, tmp_path):
    # seed 001 (Đà Nẵng) re-laid hard-wrapped at 72 columns: the report in the text output names
    # the layout found, counts tasks per area and lists every line not understood with its text
    import textwrap

    text = seed_path("001").read_text(encoding="utf-8")
    wrapped = "\n".join(
        part
        for line in text.split("\n")
        for part in (textwrap.wrap(line, 72, break_long_words=False) or [line])
    )
    path = tmp_path / "da-nang.txt"
    path.write_text(wrapped, encoding="utf-8")
    target = tmp_path / "plan.json"
    out, _ = run(str(path), "--province", "DN", "--json", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    report = data["report"]
    assert "tasks per area:" in out and "hard-wrapped line(s) joined" in out
    assert f"not understood: {len(report['not_understood'])} line(s)" in out
    first = report["not_understood"][0]
    assert f"line {first['line']}" in out and first["text"] in out
    lines = report["lines"]
    assert lines["read"] + lines["not_understood"] + lines["layout"] + lines["blank"] == lines["total"]
    assert lines["total"] == len(wrapped.split("\n"))

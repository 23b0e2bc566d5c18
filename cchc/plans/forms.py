"""Forms of the plans app: the upload form and the parsing of the preview's edited cells."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.plans.queries import import_provinces_for

EDITABLE_CELLS = ("title", "outputs", "lead", "support", "time")


class PlanUploadForm(forms.Form):
    """Choose the province (only those the user may import for) and the document."""

    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    owner_code = forms.CharField(
        label=_("Mã đơn vị ban hành (nếu không phải UBND tỉnh)"), required=False, max_length=64
    )
    file = forms.FileField(label=_("Tệp kế hoạch (.docx, .xlsx, .pdf, .txt)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = import_provinces_for(user)

    def clean(self):
        data = super().clean()
        code = (data.get("owner_code") or "").strip()
        province = data.get("province")
        data["owner_unit"] = None
        if code and province is not None:
            owner = OrgUnit.objects.filter(code=code, province=province).first()
            if owner is None:
                self.add_error("owner_code", _("Không có đơn vị với mã này trong tỉnh đã chọn."))
            data["owner_unit"] = owner
        return data


def preview_line_marks(post, count: int) -> dict[int, dict]:
    """Marks of the report's not-understood lines: ``nu-<k>`` = "ignore" | "task" | "" and
    ``nu-<k>-area`` (the area of a task made by hand)."""
    marks: dict[int, dict] = {}
    for k in range(count):
        key = f"nu-{k}"
        if key in post:
            marks[k] = {"mark": post.get(key, ""), "area": post.get(f"{key}-area") or None}
    return marks


def preview_edits(
    post, task_count: int, labels: dict[str, str] | None = None
) -> tuple[dict[int, dict], dict[str, str]]:
    """The edited cells (``t-<i>-<cell>``) and unresolved-mention mappings (``map-<k>`` with
    ``maptext-<k>``) of a submitted preview. A mapping typed in the searchable picker may be a
    unit's label instead of its value: ``labels`` (label -> value) translates it."""
    edits: dict[int, dict] = {}
    for i in range(task_count):
        row = {cell: post[f"t-{i}-{cell}"] for cell in EDITABLE_CELLS if f"t-{i}-{cell}" in post}
        if row:
            edits[i] = row
    mappings: dict[str, str] = {}
    for key, value in post.items():
        if key.startswith("map-") and value:
            text = post.get("maptext-" + key[4:], "")
            value = value.strip()
            if labels and value in labels:
                value = labels[value]
            if text and value:
                mappings[text] = value
    return edits, mappings

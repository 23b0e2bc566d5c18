"""The unit report form: one textarea per reform area, value + reason per annex figure."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.reporting.annex import AREAS, FIELDS, FUNDING_KEY, FUNDING_LABEL


class UnitReportForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú phiên bản"), required=False, max_length=255)

    def __init__(self, *args, annex=None, narrative=None, **kwargs):
        super().__init__(*args, **kwargs)
        annex, narrative = annex or {}, narrative or {}
        for key, label in AREAS:
            self.fields[f"area_{key}"] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=narrative.get(key, ""),
            )
        self.fields[FUNDING_KEY] = forms.CharField(
            label=FUNDING_LABEL,
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=narrative.get(FUNDING_KEY, ""),
        )
        for f in FIELDS:
            cell = annex.get(f.key) or {}
            self.fields[f"annex_{f.key}"] = forms.IntegerField(
                label=f.label, required=False, min_value=0, initial=cell.get("value")
            )
            self.fields[f"reason_{f.key}"] = forms.CharField(
                label=_("Lý do điều chỉnh: %(field)s") % {"field": f.label},
                required=False,
                max_length=500,
                initial=cell.get("reason", ""),
            )
        self.annex_cells = annex

    def add_annex_errors(self, fields: dict) -> None:
        """Put each refused figure's message under its box (``AnnexError.fields``)."""
        for key, message in fields.items():
            name = f"reason_{key[7:]}" if key.startswith("reason:") else f"annex_{key}"
            if name in self.fields:
                self.add_error(name, message)
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def rows(self):
        """(field, value bound field, reason bound field, system cell) for the annex table."""
        return [
            (f, self[f"annex_{f.key}"], self[f"reason_{f.key}"], self.annex_cells.get(f.key) or {})
            for f in FIELDS
        ]

    def areas(self):
        return [self[f"area_{key}"] for key, _label in AREAS]

    def narrative(self) -> dict:
        texts = {key: self.cleaned_data.get(f"area_{key}", "") for key, _label in AREAS}
        texts[FUNDING_KEY] = self.cleaned_data.get(FUNDING_KEY, "")
        return texts

    def annex(self) -> dict:
        return {
            f.key: {
                "value": self.cleaned_data.get(f"annex_{f.key}"),
                "reason": self.cleaned_data.get(f"reason_{f.key}", ""),
            }
            for f in FIELDS
        }


class ReportingCalendarForm(forms.Form):
    """A plan's or a province's own reporting calendar (blank cut-off day: calendar months)."""

    cutoff_day = forms.IntegerField(
        label=_("Ngày chốt số liệu (để trống: theo tháng dương lịch)"),
        required=False,
        min_value=1,
        max_value=28,
    )
    due_day = forms.IntegerField(label=_("Ngày hạn gửi trong tháng cuối kỳ"), min_value=1, max_value=31)
    reports = forms.MultipleChoiceField(
        label=_("Các kỳ báo cáo trong năm"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("Q1", _("Quý I")),
            ("Q2", _("Quý II")),
            ("H1", _("6 tháng")),
            ("Q3", _("Quý III")),
            ("9M", _("9 tháng")),
            ("Q4", _("Quý IV")),
            ("Y", _("Năm")),
        ],
    )
    source = forms.CharField(label=_("Căn cứ"), required=False, max_length=500)

    # One "ngày/tháng" box per period instead of a coded text ("Q1=25/2; H1=25/5"): blank keeps
    # the general rule (the due day of the period's last month).
    OVERRIDE_LABELS = (
        ("Q1", _("Hạn gửi riêng báo cáo quý I")),
        ("Q2", _("Hạn gửi riêng báo cáo quý II")),
        ("H1", _("Hạn gửi riêng báo cáo 6 tháng")),
        ("Q3", _("Hạn gửi riêng báo cáo quý III")),
        ("9M", _("Hạn gửi riêng báo cáo 9 tháng")),
        ("Q4", _("Hạn gửi riêng báo cáo quý IV")),
        ("Y", _("Hạn gửi riêng báo cáo năm")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        overrides = (self.initial or {}).get("overrides") or {}
        for code, label in self.OVERRIDE_LABELS:
            month_day = overrides.get(code)
            self.fields[f"due_{code}"] = forms.CharField(
                label=label,
                required=False,
                max_length=5,
                initial=f"{month_day[1]}/{month_day[0]}" if month_day else "",
                widget=forms.TextInput(attrs={"placeholder": _("ngày/tháng, ví dụ 25/2"), "size": 6}),
            )
        # keep "Căn cứ" last
        self.fields["source"] = self.fields.pop("source")

    def override_fields(self):
        return [self[f"due_{code}"] for code, _label in self.OVERRIDE_LABELS]

    def clean(self):
        from cchc.domain.periods import parse_due_overrides

        data = super().clean()
        overrides: dict[str, tuple[int, int]] = {}
        for code, _label in self.OVERRIDE_LABELS:
            text = (data.get(f"due_{code}") or "").strip()
            if not text:
                continue
            try:
                overrides.update(parse_due_overrides(f"{code}={text}"))
            except ValueError:
                self.add_error(
                    f"due_{code}",
                    _("Không đọc được “%(part)s”: cần ngày/tháng có thật, ví dụ 25/2.") % {"part": text},
                )
        data["overrides"] = overrides
        return data

"""The unit report form: one textarea per reform area, value + reason per annex figure."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.reporting.annex import AREAS, FIELDS


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
        for f in FIELDS:
            cell = annex.get(f.key) or {}
            self.fields[f"annex_{f.key}"] = forms.IntegerField(
                label=f.label, required=False, min_value=0, initial=cell.get("value")
            )
            self.fields[f"reason_{f.key}"] = forms.CharField(
                label=_("Lý do điều chỉnh"), required=False, max_length=500, initial=cell.get("reason", "")
            )
        self.annex_cells = annex

    def rows(self):
        """(field, value bound field, reason bound field, system cell) for the annex table."""
        return [
            (f, self[f"annex_{f.key}"], self[f"reason_{f.key}"], self.annex_cells.get(f.key) or {})
            for f in FIELDS
        ]

    def areas(self):
        return [self[f"area_{key}"] for key, _label in AREAS]

    def narrative(self) -> dict:
        return {key: self.cleaned_data.get(f"area_{key}", "") for key, _label in AREAS}

    def annex(self) -> dict:
        return {
            f.key: {
                "value": self.cleaned_data.get(f"annex_{f.key}"),
                "reason": self.cleaned_data.get(f"reason_{f.key}", ""),
            }
            for f in FIELDS
        }

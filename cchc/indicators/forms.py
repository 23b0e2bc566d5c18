"""Forms of the indicators pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.errors import DomainError
from cchc.core.uploads import check_size


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (XLSX)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        try:
            check_size(f.name, f.size)
        except DomainError as e:
            raise forms.ValidationError(e.message) from None
        return f


class DossierUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp xuất hồ sơ (CSV hoặc XLSX)"))
    mapping = forms.CharField(
        label=_("Ánh xạ cột (JSON, nếu tên cột khác mẫu)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_mapping(self):
        import json

        text = (self.cleaned_data.get("mapping") or "").strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("Ánh xạ cột không phải JSON hợp lệ.")) from None
        data = data.get("columns", data) if isinstance(data, dict) else None
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise forms.ValidationError(_('Ánh xạ cột phải có dạng {"ma_ho_so": "Tên cột", …}.'))
        return data


class LinkForm(forms.Form):
    indicator = forms.CharField(label=_("Chỉ số"), required=False, max_length=64)

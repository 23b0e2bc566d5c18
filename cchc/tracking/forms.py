"""The progress update form: status, percent, narrative, reason, one evidence document with files."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.dates import DayInput
from cchc.tracking.models import AssignmentStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=AssignmentStatus.choices)
    percent = forms.DecimalField(label=_("Tiến độ (%)"), max_digits=6, decimal_places=2)
    completed_on = forms.DateField(
        label=_("Ngày hoàn thành thực tế (khi báo cáo hoàn thành)"),
        required=False,
        help_text=_(
            "Ngày công việc thực sự hoàn thành (mặc định: hôm nay); dùng để tính đúng hạn hay trễ hạn. "
            "Không sau hôm nay, không trước ngày bắt đầu nhiệm vụ."
        ),
        widget=DayInput(),
    )
    narrative = forms.CharField(
        label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    cancel_reason = forms.CharField(label=_("Lý do không thực hiện"), required=False)
    doc_number = forms.CharField(label=_("Số, ký hiệu văn bản kiểm chứng"), required=False, max_length=120)
    doc_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DayInput())
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=255)
    files = MultipleFileField(label=_("Tệp đính kèm (PDF, DOCX, XLSX, PNG, JPEG)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        today = timezone.localdate()
        self.initial.setdefault("completed_on", today)  # default: today (the claim's day)
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
        # 60.00 -> 60, 12.50 -> 12.5: the box shows the number as a person writes it
        value = self.initial.get("percent")
        if value is not None:
            try:
                value = Decimal(str(value)).normalize()
                self.initial["percent"] = (
                    value.quantize(Decimal(1)) if value == value.to_integral() else value
                )
            except InvalidOperation:
                pass

"""Forms of the staff pages; choices offer only what the user may use."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.core.dates import DayInput
from cchc.surveys.models import Questionnaire

SOURCES = [
    ("paper", _("Nhập từ phiếu giấy (CSV/XLSX)")),
    ("limesurvey", _("LimeSurvey (xuất CSV/XLSX)")),
    ("kobo", _("KoboToolbox / ODK (xuất XLSX/CSV)")),
]


class QuestionnaireUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp phiếu khảo sát (XLSX)"))


class RoundForm(forms.Form):
    province = forms.ModelChoiceField(queryset=None, label=_("Tỉnh, thành phố"))
    questionnaire = forms.ModelChoiceField(queryset=Questionnaire.objects.all(), label=_("Phiếu khảo sát"))
    title = forms.CharField(label=_("Tên đợt khảo sát"), max_length=300)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("Từ ngày"), widget=DayInput())
    ends_on = forms.DateField(label=_("Đến ngày"), widget=DayInput())
    units = forms.ModelMultipleChoiceField(
        queryset=None, label=_("Đơn vị được khảo sát"), widget=forms.CheckboxSelectMultiple
    )
    population = forms.IntegerField(
        label=_(
            "N chung cho mọi đơn vị (để trống: N của từng đơn vị lấy từ số hồ sơ tiếp nhận trong kỳ tham "
            "chiếu, sửa được từng đơn vị sau khi tạo)"
        ),
        min_value=1,
        required=False,
    )
    reference_from = forms.DateField(
        label=_("Kỳ tham chiếu từ ngày (để trống: 01/01 của năm)"),
        required=False,
        widget=DayInput(),
    )
    reference_to = forms.DateField(
        label=_("Kỳ tham chiếu đến ngày (để trống: trước ngày bắt đầu khảo sát)"),
        required=False,
        widget=DayInput(),
    )
    margin = forms.DecimalField(
        label=_("Sai số cho phép e"),
        initial=Decimal("0.05"),
        min_value=Decimal("0.005"),
        max_value=Decimal("0.2"),
        decimal_places=3,
    )
    use_invitations = forms.BooleanField(label=_("Phát mã khảo sát (mã QR)"), required=False, initial=True)
    use_open_link = forms.BooleanField(label=_("Đường dẫn công khai cho từng đơn vị"), required=False)
    target_plan = forms.ModelChoiceField(
        queryset=None, label=_("Kế hoạch có chỉ tiêu hài lòng"), required=False
    )

    def __init__(self, *args, provinces, units, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        self.fields["units"].queryset = units
        self.fields["target_plan"].queryset = plans


class InvitationForm(forms.Form):
    count = forms.IntegerField(label=_("Số mã cần tạo"), min_value=1, max_value=5000, initial=50)


class ImportForm(forms.Form):
    source = forms.ChoiceField(label=_("Nguồn"), choices=SOURCES)
    file = forms.FileField(label=_("Tệp phiếu trả lời (CSV hoặc XLSX)"))


class RoundUnitForm(forms.Form):
    population = forms.IntegerField(label=_("Số hồ sơ trong kỳ (N)"), min_value=0, required=False)
    sample_size = forms.IntegerField(
        label=_("Cỡ mẫu (để trống: tính theo công thức)"), min_value=0, max_value=1_000_000, required=False
    )
    max_responses = forms.IntegerField(label=_("Số phiếu tối đa qua đường dẫn"), min_value=1, required=False)
    per_address_per_hour = forms.IntegerField(
        label=_("Số phiếu tối đa mỗi giờ từ một địa chỉ"), min_value=1, max_value=1000, initial=5
    )

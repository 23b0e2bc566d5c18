"""The statistics annex (phụ lục số liệu) of a unit's CCHC report and the reform-area sections.

The field list is a draft schema assembled from METHODOLOGY §3.3 (see docs/reporting.md for the
sources and their confidence): MoHA's own annex to 581/BNV-CCHC was not retrieved [U]; the
dossier columns follow Biểu số II.06a/VPCP/KSTT (TT 01/2018/TT-VPCP, Phụ lục XII of
TT 02/2017/TT-VPCP) [V]. ``system`` fields are computed from the system's own data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The 8 standard areas (glossary): 6 of Resolution 76/NQ-CP plus direction and impact.
AREAS = [
    ("direction", _("Công tác chỉ đạo, điều hành")),
    ("institutions", _("Cải cách thể chế")),
    ("procedures", _("Cải cách thủ tục hành chính")),
    ("organisation", _("Cải cách tổ chức bộ máy")),
    ("civil_service", _("Cải cách chế độ công vụ")),
    ("public_finance", _("Cải cách tài chính công")),
    ("digital_government", _("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số")),
    ("impact", _("Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH")),
]
AREA_KEYS = [k for k, _label in AREAS]
AREA_LABELS = dict(AREAS)
# A unit report's narrative: one text per area, then its funding section (kinh phí, pre-filled
# from the budget app by ``reporting.funding``).
FUNDING_KEY = "funding"
FUNDING_LABEL = _("Kinh phí thực hiện")
NARRATIVE_KEYS = [*AREA_KEYS, FUNDING_KEY]


@dataclass(frozen=True)
class AnnexField:
    key: str
    label: object
    group: object
    system: bool = False  # the platform may hold it (pre-filled, an override needs a reason, flagged)
    unit: str = ""


G_TASKS = _("Nhiệm vụ CCHC trong kỳ")
G_DIRECTION = _("Chỉ đạo, điều hành")
G_INST = _("Thể chế")
G_TTHC = _("Thủ tục hành chính")
G_DOSSIERS = _("Hồ sơ TTHC")
G_DIGITAL = _("Chính quyền số")
G_PAKN = _("Phản ánh, kiến nghị")

FIELDS = [
    AnnexField("tasks_due", _("Số nhiệm vụ có hạn hoàn thành trong kỳ"), G_TASKS, True),
    AnnexField("tasks_done", _("Số nhiệm vụ đến hạn đã hoàn thành"), G_TASKS, True),
    AnnexField("tasks_done_late", _("trong đó: hoàn thành sau hạn"), G_TASKS, True),
    AnnexField("tasks_overdue", _("Số nhiệm vụ quá hạn chưa hoàn thành"), G_TASKS, True),
    AnnexField("tasks_in_progress", _("Số nhiệm vụ có hạn trong kỳ đang thực hiện"), G_TASKS, True),
    AnnexField(
        "tasks_continuing", _("Số nhiệm vụ nhiều năm, thường xuyên đang tiếp tục thực hiện"), G_TASKS, True
    ),
    AnnexField("plans_issued", _("Số kế hoạch CCHC đã ban hành"), G_DIRECTION, True),
    AnnexField(
        "inspections_planned", _("Số cơ quan, đơn vị được kiểm tra CCHC theo kế hoạch"), G_DIRECTION, True
    ),
    AnnexField("inspections_done", _("Số cơ quan, đơn vị đã kiểm tra CCHC"), G_DIRECTION, True),
    AnnexField("legal_docs_issued", _("Số văn bản QPPL đã ban hành"), G_INST),
    AnnexField("legal_docs_reviewed", _("Số văn bản QPPL được rà soát"), G_INST),
    AnnexField("tthc_published", _("Số TTHC được công bố mới"), G_TTHC),
    AnnexField("tthc_amended", _("Số TTHC được sửa đổi, bổ sung"), G_TTHC),
    AnnexField("tthc_abolished", _("Số TTHC bị bãi bỏ"), G_TTHC),
    AnnexField("dossiers_received", _("Tổng số hồ sơ tiếp nhận"), G_DOSSIERS, True),
    AnnexField("dossiers_online", _("trong đó: tiếp nhận trực tuyến"), G_DOSSIERS, True),
    AnnexField("dossiers_direct", _("trong đó: tiếp nhận trực tiếp"), G_DOSSIERS),
    AnnexField("dossiers_postal", _("trong đó: tiếp nhận qua dịch vụ BCCI"), G_DOSSIERS),
    AnnexField("dossiers_carried_over", _("trong đó: kỳ trước chuyển qua"), G_DOSSIERS),
    AnnexField("dossiers_resolved", _("Số hồ sơ đã giải quyết"), G_DOSSIERS, True),
    AnnexField("dossiers_on_time", _("trong đó: đúng hạn, trước hạn"), G_DOSSIERS, True),
    AnnexField("dossiers_late", _("trong đó: quá hạn"), G_DOSSIERS, True),
    AnnexField("dossiers_pending", _("Số hồ sơ đang giải quyết"), G_DOSSIERS, True),
    AnnexField("dossiers_pending_overdue", _("trong đó: đang giải quyết quá hạn"), G_DOSSIERS, True),
    AnnexField("online_services_full", _("Số dịch vụ công trực tuyến toàn trình"), G_DIGITAL),
    AnnexField("online_services_partial", _("Số dịch vụ công trực tuyến một phần"), G_DIGITAL),
    AnnexField("online_payments", _("Số giao dịch thanh toán trực tuyến"), G_DIGITAL, True),
    AnnexField("dossiers_digitised", _("Số hồ sơ, kết quả được số hóa"), G_DIGITAL, True),
    AnnexField("pakn_received", _("Số phản ánh, kiến nghị tiếp nhận"), G_PAKN),
    AnnexField("pakn_handled", _("Số phản ánh, kiến nghị đã xử lý"), G_PAKN),
]
FIELD_BY_KEY = {f.key: f for f in FIELDS}

# Parts that must not exceed their whole: (part, whole). Checked on save.
PART_OF = [
    ("tasks_done", "tasks_due"),
    ("tasks_done_late", "tasks_done"),
    ("tasks_overdue", "tasks_due"),
    ("tasks_in_progress", "tasks_due"),
    ("inspections_done", "inspections_planned"),
    ("dossiers_online", "dossiers_received"),
    ("dossiers_postal", "dossiers_received"),
    ("dossiers_direct", "dossiers_received"),
    ("dossiers_carried_over", "dossiers_received"),
    ("dossiers_resolved", "dossiers_received"),
    ("dossiers_pending", "dossiers_received"),
    ("dossiers_pending_overdue", "dossiers_pending"),
    ("dossiers_on_time", "dossiers_resolved"),
    ("dossiers_late", "dossiers_resolved"),
    ("pakn_handled", "pakn_received"),
]

# Wholes made of parts (Biểu số II.06a/VPCP/KSTT): the parts given must not add up to more than
# the whole, and when every part is given they must add up to it exactly.
SUM_OF = [
    ("dossiers_received", ("dossiers_online", "dossiers_direct", "dossiers_postal", "dossiers_carried_over")),
    ("dossiers_received", ("dossiers_resolved", "dossiers_pending")),
    ("dossiers_resolved", ("dossiers_on_time", "dossiers_late")),
]

"""The one place where importer errors become user-facing messages (page, API, CLI).

Parser and reader exceptions carry a stable ``code`` (or their class says what went wrong);
here they turn into a :class:`ImportRefused` with a Vietnamese message and an English one
for the command line.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from cchc.core.errors import DomainError
from cchc.domain.planparse.model import NotAPlanError, PlanParseError
from cchc.domain.planparse.readers import DocumentError

DOCUMENT_MESSAGES = {
    "empty": _("Tệp rỗng: không có nội dung để nhập."),
    "too_large": _("Tệp quá lớn. Vui lòng tải lên tệp nhỏ hơn giới hạn cho phép."),
    "not_docx": _("Tệp có đuôi .docx nhưng không phải là văn bản Word. Vui lòng kiểm tra lại tệp."),
    "encrypted": _("Tệp được đặt mật khẩu. Vui lòng gỡ mật khẩu rồi tải lên lại."),
    "corrupt": _("Tệp bị hỏng hoặc không đọc được."),
    "needs_ocr": _(
        "Tệp là bản quét hoặc ảnh, không có lớp văn bản, và máy chủ chưa cài công cụ nhận dạng ký tự "
        "(OCR): hãy tải lên tệp Word hoặc PDF có lớp văn bản."
    ),
    "ocr_unavailable": _(
        "Máy chủ chưa cài công cụ nhận dạng ký tự (OCR) tiếng Việt: hãy tải lên tệp Word hoặc PDF có lớp "
        "văn bản, hoặc báo quản trị hệ thống."
    ),
    "ocr_unreadable": _(
        "Không nhận dạng được chữ trong bản quét (độ tin cậy thấp ở mọi dòng): hãy quét lại ở 300 dpi, "
        "trang đặt thẳng, hoặc tải lên tệp Word."
    ),
    "ocr_timeout": _(
        "Nhận dạng ký tự (OCR) vượt quá thời gian cho phép: hãy tách bản quét thành các tệp ít trang hơn "
        "hoặc tải lên tệp Word."
    ),
    "unsupported": _(
        "Định dạng tệp không được hỗ trợ. Hãy dùng tệp văn bản (.txt), Word (.docx), Excel (.xlsx) "
        "hoặc PDF có lớp văn bản."
    ),
    "encoding": _("Không xác định được bảng mã của tệp văn bản. Hãy lưu lại tệp với bảng mã UTF-8."),
}
NOT_A_PLAN = _(
    "Văn bản này không phải là kế hoạch: không tìm thấy phần mở đầu kế hoạch/quyết định, "
    "các lĩnh vực cải cách hay nhiệm vụ nào."
)
# a damaged file of a known format says which
CORRUPT_FORMAT = {
    "docx": _(
        "Tệp Word (.docx) bị hỏng hoặc không đầy đủ (tải về chưa hết?): hãy mở tệp trong Word, lưu lại "
        "rồi tải lên lại."
    ),
    "xlsx": _(
        "Tệp Excel (.xlsx) bị hỏng hoặc không đầy đủ: hãy mở tệp trong Excel, lưu lại rồi tải lên lại."
    ),
    "pdf": _("Tệp PDF bị hỏng hoặc không đầy đủ: hãy tải lại tệp gốc rồi thử lại."),
    "image": _("Tệp ảnh bị hỏng hoặc không đọc được: hãy quét hoặc chụp lại trang."),
}


def _format_named(message: str) -> str | None:
    m = message.lower()
    if ".docx" in m or "word" in m:
        return "docx"
    if ".xlsx" in m or "workbook" in m or "excel" in m:
        return "xlsx"
    if "pdf" in m:
        return "pdf"
    if "image" in m:
        return "image"
    return None


# what a refused document looks like instead (NotAPlanError.looks_like)
NOT_A_PLAN_LIKE = {
    "report": _(
        "Văn bản này là một báo cáo, không phải kế hoạch: báo cáo kết quả không có nhiệm vụ để giao. "
        "Hãy tải lên văn bản kế hoạch."
    ),
    "news": _(
        "Văn bản này giống một bài tin tức viết về kế hoạch, không phải toàn văn kế hoạch: không có "
        "các lĩnh vực cải cách hay nhiệm vụ. Hãy tải lên chính văn bản kế hoạch (Word, PDF hoặc toàn văn "
        "trên cổng văn bản)."
    ),
    "summary": _(
        "Văn bản này giống một bản tóm tắt (trích yếu) của kế hoạch trên cổng thông tin, không có các "
        "lĩnh vực cải cách hay nhiệm vụ. Hãy tải lên toàn văn kế hoạch hoặc tệp đính kèm."
    ),
    "letter": _("Văn bản này là một công văn, không phải kế hoạch. Hãy tải lên văn bản kế hoạch."),
    "notice": _("Văn bản này là một thông báo, không phải kế hoạch. Hãy tải lên văn bản kế hoạch."),
    "submission": _("Văn bản này là một tờ trình, không phải kế hoạch. Hãy tải lên văn bản kế hoạch."),
}
PARSE_FAILED = _("Không trích xuất được kế hoạch từ văn bản này.")
NO_FILE = _("Chưa chọn tệp.")

CLI_MESSAGES = {
    "not_a_plan": "not a plan: no plan/decision header, no reform areas and no tasks found",
    "parse_failed": "the plan could not be extracted",
}


class ImportRefused(DomainError):
    """An uploaded document the importer refuses; ``message`` is Vietnamese, ``english`` for logs/CLI."""

    def __init__(self, message, *, code: str, english: str = ""):
        super().__init__(message, code=code)
        self.english = english or str(message)


def refusal(exc: Exception) -> ImportRefused:
    """Translate a reader/parser exception into an :class:`ImportRefused`."""
    if isinstance(exc, ImportRefused):
        return exc
    if isinstance(exc, DocumentError):
        if exc.code == "corrupt" and (fmt := _format_named(exc.message)):
            return ImportRefused(CORRUPT_FORMAT[fmt], code=exc.code, english=exc.message)
        if exc.code == "needs_ocr" and (image := _IMAGE.match(exc.message or "")):
            # a picture is named a picture, not "a scanned PDF" (issue 24); where OCR runs, the
            # upload view sends pictures to it and this message is never reached
            return ImportRefused(IMAGE_NEEDS_OCR % {"kind": image[1]}, code=exc.code, english=exc.message)
        return ImportRefused(
            DOCUMENT_MESSAGES.get(exc.code, DOCUMENT_MESSAGES["corrupt"]),
            code=exc.code,
            english=exc.message,
        )
    if isinstance(exc, NotAPlanError):
        looks = getattr(exc, "looks_like", None)
        return ImportRefused(
            NOT_A_PLAN_LIKE.get(looks, NOT_A_PLAN),
            code="not_a_plan",
            english=CLI_MESSAGES["not_a_plan"] + (f" (looks like a {looks})" if looks else ""),
        )
    if isinstance(exc, PlanParseError):
        return ImportRefused(
            PARSE_FAILED, code="parse_failed", english=f"{CLI_MESSAGES['parse_failed']}: {exc}"
        )
    return ImportRefused(PARSE_FAILED, code="parse_failed", english=str(exc))


_IMAGE = re.compile(r"^(JPEG|PNG|TIFF|GIF|BMP) image\b")
IMAGE_NEEDS_OCR = _(
    "Tệp là ảnh %(kind)s, không có lớp văn bản, và máy chủ chưa nhận dạng được ký tự (OCR) cho ảnh này: "
    "hãy tải lên tệp Word (.docx), Excel (.xlsx), PDF có lớp văn bản hoặc tệp văn bản (.txt)."
)


def too_large(size: int, limit: int) -> ImportRefused:
    return ImportRefused(
        DOCUMENT_MESSAGES["too_large"],
        code="too_large",
        english=f"file is {size:,} bytes; the limit is {limit:,} bytes",
    )

"""Period labels in the user's language ("Quý II năm 2022" / "Q2 2022").

``domain.periods.Period.label_vi`` is the Vietnamese form used in official documents (which are
always rendered in Vietnamese); pages use ``period_label`` so the English interface says
"first half of 2022". The Vietnamese msgids equal ``label_vi``'s output.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cchc.domain import periods as P
from cchc.domain.vnformat import format_date, to_roman


def period_label(period: P.Period) -> str:
    year = period.year
    if period.kind == P.QUARTERLY:
        return _("Quý %(roman)s năm %(year)s") % {"roman": to_roman(period.number), "year": year}
    if period.kind == P.SIX_MONTHLY:
        return _("6 tháng đầu năm %(year)s") % {"year": year}
    if period.kind == P.NINE_MONTHLY:
        return _("9 tháng năm %(year)s") % {"year": year}
    if period.kind == P.ANNUAL:
        return _("năm %(year)s") % {"year": year}
    if period.kind == P.MONTHLY:
        return _("tháng %(month)s năm %(year)s") % {"month": period.number, "year": year}
    return _("đột xuất (%(start)s – %(end)s)") % {
        "start": format_date(period.adhoc_from),
        "end": format_date(period.adhoc_to),
    }

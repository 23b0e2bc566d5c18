from __future__ import annotations

import datetime as dt

from ninja import Query, Router

from cchc.domain.text import fold
from cchc.orgs import queries
from cchc.orgs.schemas import GroupMembersOut, GroupOut, UnitOut

router = Router(tags=["orgs"])


@router.get("/units", response=list[UnitOut], url_name="orgs_unit_list")
def list_units(request, q: str = "", level: str = "", at: dt.date | None = Query(None)):
    qs = queries.units_for_user(request.user)
    if level:
        qs = qs.filter(level=level)
    if at:
        qs = qs.valid_at(at)
    if q:
        qs = qs.filter(search_key__contains=fold(q))
    return list(qs[:2000])


@router.get("/units/{unit_id}", response=UnitOut, url_name="orgs_unit_detail")
def get_unit(request, unit_id: int):
    return queries.access_unit(request.user, unit_id)


@router.get("/groups", response=list[GroupOut], url_name="orgs_group_list")
def list_groups(request):
    return list(queries.groups_for_user(request.user))


@router.get("/groups/{group_id}", response=GroupMembersOut, url_name="orgs_group_detail")
def get_group(request, group_id: int, at: dt.date | None = Query(None)):
    group = queries.access_group(request.user, group_id)
    when = at or dt.date.today()
    visible = queries.units_for_user(request.user)
    members = [u for u in group.members_at(when) if visible.filter(pk=u.pk).exists()]
    return {**GroupOut.from_orm(group).dict(), "date": when, "members": members}

from __future__ import annotations

import datetime as dt

from ninja import Schema


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    aliases: list[str]
    level: str
    kind: str
    parent_id: int | None
    province_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class GroupOut(Schema):
    id: int
    key: str
    name: str
    aliases: list[str]
    province_id: int


class GroupMembersOut(GroupOut):
    date: dt.date
    members: list[UnitOut]

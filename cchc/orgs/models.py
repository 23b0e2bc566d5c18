"""The organisational hierarchy: provinces, departments, districts, communes and other bodies.

The hierarchy is data: units merge, split and get renamed (2025 merged provinces and abolished
districts). A unit is never deleted once referenced; it is closed with ``valid_to`` and linked to
its successors, so old plans, tasks and reports keep pointing at the unit as it was.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.domain.text import fold


class Level(models.TextChoices):
    NATIONAL = "national", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Cơ quan, tổ chức khác")


def level_label(code: str) -> str:
    """An org level code ("province") as its translated label ("Cấp tỉnh"); "" for none; an
    unknown code as written."""
    if not code:
        return ""
    try:
        return str(Level(code).label)
    except ValueError:
        return code


class Kind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, ngành trung ương")
    PROVINCE = "province", _("Tỉnh")
    CENTRAL_CITY = "central_city", _("Thành phố trực thuộc trung ương")
    DEPARTMENT = "department", _("Sở")
    AGENCY = "agency", _("Cơ quan, ban thuộc UBND")
    URBAN_DISTRICT = "urban_district", _("Quận")
    RURAL_DISTRICT = "rural_district", _("Huyện")
    TOWN = "town", _("Thị xã")
    PROVINCIAL_CITY = "provincial_city", _("Thành phố thuộc tỉnh")
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    TOWNSHIP = "township", _("Thị trấn")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    PRESS = "press", _("Báo chí, truyền thông")
    POLICE = "police", _("Công an")
    TAX = "tax", _("Thuế")
    CUSTOMS = "customs", _("Hải quan")
    TREASURY = "treasury", _("Kho bạc")
    SOCIAL_INSURANCE = "social_insurance", _("Bảo hiểm xã hội")
    BANK = "bank", _("Ngân hàng")
    MASS_ORG = "mass_org", _("Mặt trận, đoàn thể, hội")
    COUNCIL = "council", _("Hội đồng")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp")
    OTHER = "other", _("Khác")


class OrgUnitQuerySet(models.QuerySet):
    def valid_at(self, when: dt.date) -> OrgUnitQuerySet:
        """Units that exist on ``when`` (open-ended bounds count as always)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=when)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=when)
        )

    def current(self) -> OrgUnitQuerySet:
        return self.filter(valid_to__isnull=True)


class OrgUnit(models.Model):
    """An organisational unit: a province, a department, a district, a commune or another body."""

    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên chính thức"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=120, blank=True)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Denormalised root (the province the unit belongs to) for scoping queries; set on save.
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="province_units",
    )
    is_standing_agency = models.BooleanField(_("cơ quan thường trực CCHC"), default=False)
    # The Sở Tài chính: appraises the units' CCHC budget estimates (216/KH-UBND VI.2; cchc.budget).
    is_finance_agency = models.BooleanField(_("cơ quan tài chính thẩm định dự toán CCHC"), default=False)
    email = models.EmailField(_("email nhận nhắc việc"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search_key = models.CharField(max_length=600, editable=False, db_index=True, default="")

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.province = self.compute_province()
        names = [self.name, self.short_name, *self.aliases]
        self.search_key = " | ".join(fold(n) for n in names if n)[:600]
        super().save(*args, **kwargs)

    def compute_province(self) -> OrgUnit | None:
        if self.level == Level.PROVINCE:
            return None
        node = self.parent
        seen = 0
        while node is not None and seen < 20:
            if node.level == Level.PROVINCE:
                return node
            node = node.parent
            seen += 1
        return None

    def audit_province_code(self) -> str:
        root = self.province_root
        return root.code if root else ""

    @property
    def province_root(self) -> OrgUnit | None:
        return self if self.level == Level.PROVINCE else self.province

    def is_valid_at(self, when: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= when) and (
            self.valid_to is None or self.valid_to >= when
        )

    def ancestors(self) -> list[OrgUnit]:
        out, node = [], self.parent
        while node is not None and len(out) < 20:
            out.append(node)
            node = node.parent
        return out

    def descendant_ids(self) -> set[int]:
        ids, frontier = set(), [self.pk]
        while frontier:
            children = list(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            frontier = [c for c in children if c not in ids]
            ids.update(frontier)
        return ids


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Chuyển giao chức năng")


class UnitSuccession(models.Model):
    """``predecessor`` was replaced (in whole or part) by ``successor`` on ``date``."""

    predecessor = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="successions_in")
    kind = models.CharField(
        _("hình thức"), max_length=16, choices=SuccessionKind.choices, default=SuccessionKind.MERGE
    )
    date = models.DateField(_("ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unitsuccession_unique_pair"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="unitsuccession_not_self",
                violation_error_message=_("Một đơn vị không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class OrgGroup(models.Model):
    """A named group of units that plans assign work to ("Các Sở, ban, ngành", "UBND các quận, huyện").

    Membership is a rule (levels and kinds within the province) plus explicit members, resolved
    at a date so that a 2021 plan expands to the districts of 2021.
    """

    key = models.CharField(_("mã"), max_length=80, unique=True)
    province = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="groups", verbose_name=_("tỉnh")
    )
    name = models.CharField(_("tên nhóm"), max_length=255)
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    levels = models.JSONField(_("các cấp"), default=list, blank=True)
    kinds = models.JSONField(_("các loại"), default=list, blank=True)
    members = models.ManyToManyField(
        OrgUnit, blank=True, related_name="explicit_groups", verbose_name=_("thành viên")
    )
    # Optional narrower pool: only descendants of this unit (a city's own wards, say).
    within = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scoped_groups",
        verbose_name=_("trong phạm vi"),
    )

    class Meta:
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")
        ordering = ["province__code", "name"]

    def __str__(self) -> str:
        return self.name

    def members_at(self, when: dt.date | None = None) -> models.QuerySet[OrgUnit]:
        when = when or dt.date.today()
        rule = Q(pk__in=[])
        if self.levels or self.kinds:
            rule = Q(province=self.province)
            if self.within_id:
                rule &= Q(pk__in=self.within.descendant_ids())
            if self.levels:
                rule &= Q(level__in=self.levels)
            if self.kinds:
                rule &= Q(kind__in=self.kinds)
        explicit = Q(pk__in=self.members.values("pk"))
        return OrgUnit.objects.filter(rule | explicit).valid_at(when).order_by("code").distinct()

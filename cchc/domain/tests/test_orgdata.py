"""The demo org trees are consistent and load into resolver entries per province."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.orgdata import KINDS, LEVELS, get_group_members, load_entries, load_groups, load_units


def test_units_are_well_formed() -> None:
    units = load_units()
    assert len(units) > 200
    for unit in units.values():
        assert unit.level in LEVELS, unit.code
        assert unit.kind in KINDS, unit.code
        assert unit.name, unit.code
        assert not unit.parent_code or unit.parent_code in units, unit.code
        assert all(code in units for code in unit.successor_codes), unit.code
        if unit.valid_from and unit.valid_to:
            assert unit.valid_from <= unit.valid_to, unit.code
        assert (unit.level == "national") == (not unit.parent_code and unit.level != "province"), unit.code


def test_groups_are_well_formed() -> None:
    units = load_units()
    for group in load_groups().values():
        assert group.province_code in units and units[group.province_code].level == "province"
        assert set(group.levels) <= LEVELS and set(group.kinds) <= KINDS
        assert group.levels or group.kinds or group.member_codes, group.key


@pytest.mark.parametrize(("province", "quan", "huyen"), [("HP", 7, 8), ("DN", 6, 2), ("HN", 12, 17)])
def test_district_counts(province: str, quan: int, huyen: int) -> None:
    units = load_units().values()
    districts = [u for u in units if u.parent_code == province and u.level == "district"]
    assert sum(u.kind == "urban_district" for u in districts) == quan
    assert sum(u.kind == "rural_district" for u in districts) == huyen


def test_hanoi_has_thirty_districts() -> None:
    assert sum(u.parent_code == "HN" and u.level == "district" for u in load_units().values()) == 30


def test_2025_changes_are_data() -> None:
    units = load_units()
    assert units["HD"].valid_to == date(2025, 6, 30) and units["HD"].successor_codes == ("HP",)
    assert units["HP-STTTT"].successor_codes == ("HP-SKHCN",)
    assert units["HP-SKHDT"].successor_codes == ("HP-STC",)
    assert units["HP-STTTT"].valid_to == date(2025, 2, 28)
    assert units["HP-Q-HONGBANG"].valid_to == date(2025, 6, 30)
    on = date(2025, 8, 1)
    members = get_group_members("HP:cap-huyen", on=on)
    assert members == []
    assert "HP-STTTT" not in get_group_members("HP:so-ban-nganh", on=on)
    assert "HP-SKHCN" in get_group_members("HP:so-ban-nganh", on=on)


def test_group_members() -> None:
    assert len(get_group_members("HP:cap-huyen", on=date(2022, 1, 1))) == 15
    tthc = get_group_members("HP:co-quan-giai-quyet-tthc")
    assert "HP-CA" in tthc and "HP-SNV" in tthc and "HP-Q-LECHAN" in tthc
    assert "HP-CUCTHUE" in get_group_members("HP:nganh-doc")
    assert len(get_group_members("VP-TP-VINHYEN:cap-xa")) == 9


def test_load_entries_per_province() -> None:
    keys = {e.key for e in load_entries("HP")}
    assert {"HP", "HP-SNV", "HP-Q-HONGBANG", "VN-BNV", "HP:so-ban-nganh"} <= keys
    assert not any(k.startswith(("HN", "DN", "HD", "VP")) for k in keys)


def test_district_scope_uses_its_own_groups() -> None:
    entries = {e.key: e for e in load_entries("VP-TP-VINHYEN")}
    assert "VP-TP-VINHYEN:cap-xa" in entries and "VP:cap-xa" not in entries
    assert "VP:cap-xa" in {e.key for e in load_entries("VP")}
    assert "VP-TP-VINHYEN:cap-xa" not in {e.key for e in load_entries("VP")}
    assert "Ủy ban nhân dân thành phố" in entries["VP-TP-VINHYEN"].aliases


def test_load_entries_on_a_date_drops_ended_units() -> None:
    keys = {e.key for e in load_entries("HP", on=date(2025, 8, 1))}
    assert "HP-STTTT" not in keys and "HP-SNNMT" in keys and "HP-Q-HONGBANG" not in keys


def test_unknown_scope_raises() -> None:
    with pytest.raises(KeyError):
        load_entries("XX")

"""Demo accounts created by ``cchc demo`` (listed on the login page in demo mode only)."""

from __future__ import annotations

DEMO_PASSWORD = "demo-cchc-2025"

# username, full name, role, unit code
DEMO_ACCOUNTS = [
    ("admin", "Quản trị hệ thống", "admin", "HP"),
    ("snv.haiphong", "Nguyễn Thị Thu", "standing_officer", "HP-SNV"),
    ("lanhdao.haiphong", "Trần Văn Hùng", "leader", "HP"),
    ("baocao.stp", "Lê Minh Anh", "reporter", "HP-STP"),
    ("lanhdao.stp", "Phạm Quốc Bảo", "unit_head", "HP-STP"),
    ("baocao.stttt", "Hoàng Thu Hà", "reporter", "HP-STTTT"),
    ("lanhdao.stttt", "Vũ Đức Long", "unit_head", "HP-STTTT"),
    ("hoidong.haiphong", "Đỗ Thanh Mai", "council_member", "HP-SNV"),
    ("kiemtra.haiphong", "Bùi Văn Nam", "auditor", "HP"),
    ("snv.danang", "Ngô Thị Lan", "standing_officer", "DN-SNV"),
    ("snv.hanoi", "Đặng Văn Sơn", "standing_officer", "HN-SNV"),
]


def demo_user_rows() -> list[dict]:
    """Rows for the demo login page: username, role label, unit name."""
    from cchc.accounts.models import Role
    from cchc.orgs.models import OrgUnit

    labels = dict(Role.choices)
    names = dict(OrgUnit.objects.filter(code__in=[a[3] for a in DEMO_ACCOUNTS]).values_list("code", "name"))
    return [
        {
            "username": u,
            "full_name": n,
            "role_label": labels.get(r, r),
            "unit_label": names.get(c, c),
            "password": DEMO_PASSWORD,
        }
        for u, n, r, c in DEMO_ACCOUNTS
    ]

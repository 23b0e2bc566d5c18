"""Demo accounts created by ``cchc demo`` (``accounts.demo``; listed on the login page in demo mode
only). Plain data: the kernel's ``demo`` command prints them."""

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
    ("taichinh.haiphong", "Lương Thị Hạnh", "unit_head", "HP-STC"),
    ("hoidong.haiphong", "Đỗ Thanh Mai", "council_member", "HP-SNV"),
    ("kiemtra.haiphong", "Bùi Văn Nam", "auditor", "HP"),
    ("snv.danang", "Ngô Thị Lan", "standing_officer", "DN-SNV"),
    ("snv.hanoi", "Đặng Văn Sơn", "standing_officer", "HN-SNV"),
]

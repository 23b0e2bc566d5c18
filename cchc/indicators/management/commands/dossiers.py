"""``cchc dossiers ingest FILE… [--province HP] [--mapping MAP.json] [--as-of YYYY-MM-DD]``:
aggregate one-stop dossier exports (CSV/XLSX) into the application database."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import CommandError

from cchc.core.errors import DomainError
from cchc.core.subcommands import SubcommandCommand


class Command(SubcommandCommand):
    help = "Ingest one-stop dossier exports (CSV/XLSX): aggregates per unit, TTHC, field and month."

    def add_subcommands(self, sub):
        ing = sub.add_parser("ingest", help="Ingest exports; their months replace earlier aggregates")
        ing.add_argument("files", nargs="+")
        ing.add_argument("--province", default="", help="province code (default: the only province)")
        ing.add_argument("--mapping", default="", help="JSON file {field: header} for other layouts")
        ing.add_argument(
            "--as-of",
            dest="as_of",
            default="",
            help="YYYY-MM-DD for 'past due' (default: the export's last date)",
        )
        ing.add_argument(
            "--replace-absent",
            action="store_true",
            help="also delete groups held today in the file's unit-months that the file does not have "
            "(without it such a file stops at a preview and changes nothing)",
        )

    def ingest(self, opts):
        from cchc.indicators.ingest import do_ingest_dossiers
        from cchc.orgs.models import OrgUnit

        provinces = OrgUnit.objects.filter(level="province")
        if opts["province"]:
            province = provinces.filter(code=opts["province"]).first()
        else:
            province = provinces.first() if provinces.count() == 1 else None
        if province is None:
            raise CommandError("Cần --province MÃ (mã tỉnh trong danh mục).")
        mapping = None
        if opts["mapping"]:
            try:
                mapping = json.loads(Path(opts["mapping"]).read_text(encoding="utf-8"))
                mapping = mapping.get("columns", mapping)
            except (OSError, ValueError) as exc:
                raise CommandError(f"Không đọc được tệp ánh xạ cột: {exc}") from None
        for f in opts["files"]:
            t0 = time.perf_counter()
            try:
                ing = do_ingest_dossiers(
                    f, province=province, actor=None, mapping=mapping, as_of=opts["as_of"] or None,
                    confirm_absent=opts["replace_absent"],
                )  # fmt: skip
            except DomainError as exc:
                raise CommandError(f"{Path(f).name}: {exc.message}") from None
            self.stdout.write(f"{Path(f).name}: {ing.message} ({time.perf_counter() - t0:.1f} s)")
            for um in ing.replaces:
                self.stdout.write(
                    f"  {um['unit']} {um['month']}: {um['rows_today']} nhóm hiện có, {um['rows_in_file']} trong tệp"
                    f"{', ' + str(um['absent']) + ' nhóm sẽ bị xóa' if um['absent'] else ''}"
                )
            if ing.status == "preview":
                self.stdout.write("  Chưa thay gì: chạy lại với --replace-absent để xác nhận.")
            for r in ing.rejects.values():
                self.stdout.write(
                    f"  loại {r['count']}: {r['label']} (ví dụ: {', '.join(map(str, r['examples'][:5]))})"
                )

"""``cchc current-progress [--rebuild]``: compare each assignment's current-progress columns with
a rebuild from its history (read-only; exit status 1 on a difference), or rebuild them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone


class Command(BaseCommand):
    help = "Check the assignments' current-progress columns against their history (or --rebuild them)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="write the values rebuilt from history")

    def handle(self, *args, rebuild, **opts):
        from cchc.tracking.current import differences, rebuild_current
        from cchc.tracking.models import Assignment
        from cchc.tracking.states import annotate_current, annotate_state_from_history

        if rebuild:
            with transaction.atomic():
                n = rebuild_current()
            self.stdout.write(f"{n} phân công: đã tính lại tiến độ hiện tại từ lịch sử.")
            return
        wrong = differences()
        today = timezone.localdate()
        rows = Assignment.objects.all()
        now = dict(annotate_current(rows, today).values_list("pk", "state"))
        past = dict(annotate_state_from_history(rows, today).values_list("pk", "state"))
        states = [pk for pk in now if now[pk] != past.get(pk)]
        self.stdout.write(
            f"{len(now)} phân công; cột tiến độ hiện tại khác lịch sử: {len(wrong)}; "
            f"tình trạng hôm nay khác cách tính theo lịch sử: {len(states)}."
        )
        for pk, stored, rebuilt in wrong[:20]:
            self.stdout.write(f"  #{pk}: {stored} ≠ {rebuilt}")
        for pk in states[:20]:
            self.stdout.write(f"  #{pk}: {now[pk]} ≠ {past.get(pk)}")
        if wrong or states:
            raise CommandError(
                "Có khác biệt: chạy `cchc current-progress --rebuild` sau khi tìm ra nguyên nhân."
            )

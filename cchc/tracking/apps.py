from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "cchc.tracking"
    label = "tracking"
    verbose_name = _("Theo dõi nhiệm vụ")

    def ready(self):
        from cchc.accounts import policy
        from cchc.core import demo, home_panels, nav
        from cchc.tracking import panels
        from cchc.tracking.demo import (
            load_demo_closed_unit_moves,
            load_demo_progress,
            load_demo_reminder_addresses,
            load_demo_unit_plans,
        )

        nav.register(
            _("Việc của đơn vị"),
            "tracking:my_work",
            policy.can_see_own_unit_work,
            order=30,
        )
        nav.register(_("Danh sách nhiệm vụ"), "tracking:task_list", lambda g: True, order=31)
        nav.register(
            _("Tổng hợp theo nhiệm vụ"),
            "tracking:task_board",
            policy.can_view_task_board,
            order=32,
        )
        nav.register(_("Lịch hạn"), "tracking:calendar", lambda g: True, order=34)
        nav.register(_("Tiến độ theo quý"), "tracking:timeline", lambda g: True, order=35)
        home_panels.register(panels.my_unit_panel, order=30)
        home_panels.register(panels.overdue_by_unit_panel, order=31)
        home_panels.register(panels.approval_queue_panel, order=29, cached_under=("tracking",))
        from cchc.orgs.actions import on_unit_closed, on_unit_recoded
        from cchc.plans.hooks import on_plan_changed
        from cchc.tracking import sortkeys
        from cchc.tracking.actions import assign_changed_plan
        from cchc.tracking.moves import on_unit_closed as move_closed_unit_work

        on_unit_closed(move_closed_unit_work)
        on_plan_changed(assign_changed_plan)  # a committed or changed plan's tasks are assigned
        on_plan_changed(sortkeys.on_plan_changed)  # the lists' stored sort keys follow the tasks
        on_unit_recoded(sortkeys.on_unit_recoded)  # … and the units' codes
        nav.register(
            _("Duyệt báo cáo tiến độ"),
            "tracking:approval_queue",
            lambda g: bool(policy.approval_queue_kinds(g)),
            order=33,
        )
        demo.register_step(40, "giao nhiệm vụ và tiến độ thực hiện", load_demo_progress)
        # after the reports (60), so the periodic-report demo is drafted from the province plan only
        demo.register_step(70, "kế hoạch của đơn vị (cụ thể hóa)", load_demo_unit_plans)
        demo.register_step(75, "địa chỉ nhận nhắc việc", load_demo_reminder_addresses)
        demo.register_step(80, "chuyển nhiệm vụ của đơn vị đã sáp nhập", load_demo_closed_unit_moves)
        from cchc.notifications import live, reminders
        from cchc.tracking import reminders as task_reminders
        from cchc.tracking.panels import bell_due_items

        reminders.register(
            task_reminders.KIND, collect=task_reminders.build_digests, link=task_reminders.link, order=10
        )
        live.register(bell_due_items)

        from cchc.core import figures
        from cchc.tracking import figures as task_figures

        figures.register(
            "tracking.unit_plans_on_time", task_figures.unit_plans_on_time, label=task_figures.LABEL
        )

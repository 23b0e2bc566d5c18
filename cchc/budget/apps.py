from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "cchc.budget"
    label = "budget"
    verbose_name = _("Kinh phí cải cách hành chính")

    def ready(self):
        from cchc.accounts import policy
        from cchc.budget import figures as budget_figures
        from cchc.budget import panels
        from cchc.budget.demo import load_demo_budget
        from cchc.core import demo, figures, home_panels, nav
        from cchc.tracking.hooks import task_panels

        figures.register(
            "budget.estimates_on_time", budget_figures.estimates_on_time, label=budget_figures.LABEL
        )
        demo.register_step(85, "Kinh phí CCHC năm 2022 (Hải Phòng, 216/KH-UBND)", load_demo_budget)
        # the pages: menu, home panel, the task page's budget panel
        nav.register(_("Kinh phí CCHC"), "budget:round_list", policy.can_see_budget, order=40, group="work")
        home_panels.register(panels.home_panel, order=40, cached_under=("budget",))
        task_panels.register(panels.task_panel, order=50)

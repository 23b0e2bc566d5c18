from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "cchc.budget"
    label = "budget"
    verbose_name = _("Kinh phí cải cách hành chính")

    def ready(self):
        # --- pages (b3): menu, home panel, the task page's budget panel
        from cchc.accounts import policy
        from cchc.budget import panels
        from cchc.core import home_panels, nav
        from cchc.tracking.hooks import task_panels

        nav.register(_("Kinh phí CCHC"), "budget:round_list", policy.can_see_budget, order=40, group="work")
        home_panels.register(panels.home_panel, order=40)
        task_panels.register(panels.task_panel, order=50)

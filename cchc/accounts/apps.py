from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cchc.accounts"
    label = "accounts"
    verbose_name = _("Người dùng")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from cchc.accounts.demo import create_demo_users
        from cchc.accounts.middleware import mark_session_seen
        from cchc.accounts.policy import Forbidden, NotFound
        from cchc.core import demo, errors

        errors.register_page_errors(not_found=NotFound, forbidden=Forbidden)

        demo.register_step(2, "người dùng mẫu", create_demo_users)

        user_logged_in.connect(mark_session_seen, dispatch_uid="cchc.accounts.session_seen")

        from cchc.accounts.access import connect_access_writes

        connect_access_writes()

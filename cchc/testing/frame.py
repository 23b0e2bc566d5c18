"""The page frame in tests. What every signed-in page reads besides its own data (the user's
memberships and scopes, the login rules, the bell's count) is cached across requests
(``accounts.policy.grants``, ``notifications.queries``), so a user's first request reads more
than the next ones. A test comparing two requests' query counts warms the frame first (a request
to the small bell page), so that both count the page's own queries."""

from __future__ import annotations

from django.urls import reverse


def warm_frame(client) -> None:
    """Fill the frame's cache for ``client``'s user (their grants, the bell)."""
    assert client.get(reverse("notifications:list"), secure=True).status_code == 200

"""Access-matrix entries of the budget API (``API``, imported by this app's ``tests/access.py``):
Hải Phòng's members read its rounds and its funding table, Sở Tư pháp's estimate is read by its
people and by those reading the whole province; Đà Nẵng's officer gets 404 for every row (the
list of rounds answers 200 with none of them). Shape: ``cchc.testing.access``."""

from __future__ import annotations

from cchc.testing.access import ALL_OK, HP_READERS, STP_READERS, plan_kwargs


def _api_budget(ctx):
    """The 2022 round of Hải Phòng's small plan with Sở Tư pháp's estimate submitted."""
    if "api_budget" not in ctx:
        import datetime as dt

        from cchc.budget.actions import LineInput, do_create_round, do_save_estimate, do_submit_estimate

        plan_kwargs(ctx)
        rnd = do_create_round(ctx["plan"], 2022, dt.date(2021, 12, 15), "minh họa", actor=None)
        line = LineInput(None, "Tập huấn cán bộ làm công tác CCHC", "province", 50_000_000)
        head = ctx["users"]["head"]
        estimate = do_save_estimate(None, rnd, ctx["units"]["HP-STP"], [line], 50_000_000, actor=head)
        do_submit_estimate(estimate, actor=head)
        ctx["api_budget"] = {"round": rnd, "estimate": estimate}
    return ctx["api_budget"]


API = {
    "/api/budget/rounds": (None, ALL_OK),
    "/api/budget/rounds/{round_id}": (lambda ctx: {"round_id": _api_budget(ctx)["round"].pk}, HP_READERS),
    "/api/budget/estimates/{estimate_id}": (
        lambda ctx: {"estimate_id": _api_budget(ctx)["estimate"].pk},
        STP_READERS,
    ),
    "/api/budget/funding": (
        lambda ctx: {"_query": {"plan": _api_budget(ctx)["round"].plan_id, "year": 2022}},
        HP_READERS,
    ),
}

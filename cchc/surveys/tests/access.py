"""Access-matrix entries of the surveys app's routes: rounds, questionnaires, invitations and the public form.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import AGENCY, ALL_OK, HP_READERS, STP_READERS, extend, only, post, refused


def _survey_round(ctx):
    """An open one-stop desk round of Hải Phòng over Sở Tư pháp and Sở TT&TT, with a code."""
    if "survey_round" not in ctx:
        from cchc.surveys.actions import do_generate_invitations
        from cchc.testing.surveys import ONE_STOP, make_round, questionnaire

        rnd = make_round(questionnaire(ONE_STOP), ctx["units"])
        ru = rnd.units.get(unit=ctx["units"]["HP-STP"])
        ctx["survey_round"], ctx["survey_unit"] = rnd, ru
        ctx["survey_code"] = do_generate_invitations(round_unit=ru, count=1, actor=None)[0]
    return ctx["survey_round"]


def _survey_round_kwargs(ctx):
    return {"round_id": _survey_round(ctx).pk}


def _survey_unit_kwargs(ctx):
    _survey_round(ctx)
    return {"round_unit_id": ctx["survey_unit"].pk}


PAGES = {
    "surveys:round_list": (None, ALL_OK, 302),
    "surveys:questionnaire_list": (None, ALL_OK, 302),
    "surveys:questionnaire_detail": (
        lambda ctx: {"questionnaire_id": _survey_round(ctx).questionnaire_id},
        ALL_OK,
        302,
    ),
    "surveys:round_create": (None, only({"admin", "officer", "dn_officer"}), 302),
    "surveys:round_detail": (_survey_round_kwargs, HP_READERS, 302),
    # an unknown status: the province's standing agency gets the refusal message (302)
    "surveys:round_status": post(
        _survey_round_kwargs, refused(HP_READERS, AGENCY, ok=302), lambda ctx: {"status": "bogus"}
    ),
    # an unknown channel: the standing agency gets the refusal message, nothing changes
    "surveys:round_channels": post(
        _survey_round_kwargs, refused(HP_READERS, AGENCY, ok=302), lambda ctx: {"kenh": "bogus"}
    ),
    # an invalid limit: the standing agency gets the message, nothing changes
    "surveys:round_unit_update": post(
        _survey_unit_kwargs, refused(STP_READERS, AGENCY, ok=302), lambda ctx: {"per_address_per_hour": "0"}
    ),
    "surveys:round_refresh": post(_survey_round_kwargs, refused(HP_READERS, AGENCY, ok=302), lambda ctx: {}),
    # no plan chosen: the standing agency gets the message, nothing changes
    "surveys:round_targets": post(
        _survey_round_kwargs, refused(HP_READERS, AGENCY, ok=302), lambda ctx: {"plan": "0"}
    ),
    "surveys:round_import": (_survey_round_kwargs, refused(HP_READERS, AGENCY), 302),
    "surveys:round_download": (extend(_survey_round_kwargs, what="ket-qua.xlsx"), HP_READERS, 302),
    "surveys:round_unit_detail": (_survey_unit_kwargs, STP_READERS, 302),
    # zero codes asked for: the standing agency gets the message, nothing is created
    "surveys:invitation_create": post(
        _survey_unit_kwargs, refused(STP_READERS, AGENCY, ok=302), lambda ctx: {"count": "0"}
    ),
    "surveys:invitation_sheet": (_survey_unit_kwargs, refused(STP_READERS, AGENCY), 302),
    # the public form: no login, the same answer for everyone (anonymous 200)
    "phieu:start": (None, ALL_OK, 200),
    "phieu:thanks": (None, ALL_OK, 200),
    "phieu:open_link": (
        lambda ctx: {"token": _survey_round(ctx) and ctx["survey_unit"].link_token},
        ALL_OK,
        200,
    ),
    "phieu:form": (lambda ctx: {"code": _survey_round(ctx) and ctx["survey_code"].code}, ALL_OK, 200),
}


def _survey_round_for_api(ctx):
    if "api_round" not in ctx:
        from cchc.testing.surveys import sipas_round_2022

        ctx["api_round"] = sipas_round_2022(ctx["units"])
    return ctx["api_round"]


# every member of the province reads its rounds (its units' own people only their unit's rows)
API = {
    "/api/surveys/rounds": (None, ALL_OK),
    "/api/surveys/rounds/{round_id}": (lambda ctx: {"round_id": _survey_round_for_api(ctx).pk}, HP_READERS),
    "/api/surveys/rounds/{round_id}/results": (
        lambda ctx: {"round_id": _survey_round_for_api(ctx).pk},
        HP_READERS,
    ),
}

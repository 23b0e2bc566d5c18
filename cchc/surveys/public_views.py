"""The public form (no login, no session): a code or an open link, one question group per screen,
answers kept as a draft after each screen, the response stored before the thank-you page."""

from __future__ import annotations

import secrets

from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cchc.core.client import client_address
from cchc.core.errors import DomainError
from cchc.domain.surveys import check_answers, visible_sections
from cchc.surveys.actions import CODE_ALPHABET, format_code, normalise_code
from cchc.surveys.intake import (
    AnswersInvalid,
    RateLimited,
    check_open,
    do_save_draft,
    do_submit_response,
    limit,
)
from cchc.surveys.messages import answer_problem
from cchc.surveys.models import Channel, Invitation, Response, ResponseDraft, RoundUnit

RESUME_LENGTH = 10  # open-link resume codes; invitation codes have 8 characters


def _address(request) -> str:
    return client_address(request)


def _refusal(request, exc: DomainError, status: int):
    response = render(
        request, "surveys/public/refused.html", {"message": exc.message, "code": exc.code}, status=status
    )
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _limited(request, *checks):
    """The first limit refused among ``checks`` ((kind, subject) pairs), as a 429 page, or None."""
    try:
        for kind, subject in checks:
            limit(kind, subject)
    except RateLimited as exc:
        return _refusal(request, exc, 429)
    return None


STATUS = {
    "not_found": 404,
    "used": 409,
    "duplicate": 409,
    "closed": 410,
    "not_open": 403,
    "rate_limited": 429,
    "full": 409,
}


@never_cache
@require_http_methods(["GET"])
def start(request):
    """Type the code printed on the sheet (or the resume code of an open link)."""
    code = normalise_code(request.GET.get("ma", ""))
    if code:
        return redirect("phieu:form", code=code)
    return render(request, "surveys/public/start.html", {})


@never_cache
@require_http_methods(["GET"])
def thanks(request):
    return render(request, "surveys/public/thanks.html", {})


@never_cache
@require_http_methods(["GET", "POST"])
def open_link(request, token: str):
    address = _address(request)
    refused = _limited(request, ("address", address))
    if refused:
        return refused
    ru = (
        RoundUnit.objects.select_related("round__questionnaire", "unit")
        .filter(link_token=token[:32], round__use_open_link=True)
        .first()
    )
    if ru is None:
        return _refusal(request, DomainError(_("Đường dẫn khảo sát không đúng hoặc đã bị thu hồi.")), 404)
    try:
        check_open(ru)
    except DomainError as exc:
        return _refusal(request, exc, STATUS.get(exc.code, 400))
    if request.method == "POST":
        refused = _limited(request, ("open_start", address))
        if refused:
            return refused
        key = "".join(secrets.choice(CODE_ALPHABET) for _ in range(RESUME_LENGTH))
        do_save_draft(round_unit=ru, key=key, answers={}, step=0)
        return redirect("phieu:form", code=key)
    return render(request, "surveys/public/intro.html", {"ru": ru, "round": ru.round})


def _with_round_unit(rows, **lookup):
    """The row of ``rows`` (drafts or invitations) with its round unit, round and
    questionnaire, or Http404."""
    # get(), not first(): the lookups are unique, and first() would order by the models' nested
    # default orderings (joins and a sort the planner and the ORM pay for on every request)
    try:
        return rows.select_related("round_unit__round__questionnaire", "round_unit__unit").get(**lookup)
    except rows.model.DoesNotExist:
        raise Http404 from None


def _resolve(code: str):
    """(round unit, invitation or None, draft or None, channel) for a code, or Http404."""
    if len(code) == RESUME_LENGTH:
        draft = _with_round_unit(ResponseDraft.objects, key=code)
        return draft.round_unit, None, draft, Channel.OPEN_LINK
    # "already used?" rides on the same query (``used``): it only picks the friendlier page, the
    # unique invitation of ``Response`` decides at submission; so does "a draft to resume?" (the
    # draft itself is read only when there is one: most citizens answer one screen and send it)
    used = Exists(Response.objects.filter(invitation=OuterRef("pk")))
    draft_id = Subquery(ResponseDraft.objects.filter(key=OuterRef("code")).values("pk")[:1])
    invitation = _with_round_unit(Invitation.objects.annotate(used=used, draft_id=draft_id), code=code)
    draft = ResponseDraft.objects.filter(pk=invitation.draft_id).first() if invitation.draft_id else None
    return invitation.round_unit, invitation, draft, Channel.INVITATION


def _posted(request, section, q) -> dict:
    raw = {}
    for name in section.questions:
        question = q.questions[name]
        if question.type == "select_multiple":
            raw[name] = request.POST.getlist(name)
        else:
            raw[name] = request.POST.get(name, "")
    return raw


def _open_form(request, code: str, address: str):
    """(refusal page, None) when the code is limited, wrong, used or its round closed; else
    (None, (round unit, invitation, draft, channel))."""
    refused = _limited(request, ("address", address), ("code", code))
    if refused:
        return refused, None
    try:
        ru, invitation, draft, channel = _resolve(code)
    except Http404:
        refused = _limited(request, ("bad_code", address))
        if refused:
            return refused, None
        return _refusal(
            request, DomainError(_("Mã khảo sát không đúng. Vui lòng kiểm tra lại mã in trên phiếu.")), 404
        ), None
    if invitation is not None and invitation.used:
        return _refusal(
            request,
            DomainError(
                _("Mã khảo sát này đã được dùng để gửi phiếu. Mỗi mã chỉ gửi được một lần."), code="used"
            ),
            409,
        ), None
    try:
        check_open(ru)
    except DomainError as exc:
        return _refusal(request, exc, STATUS.get(exc.code, 400)), None
    return None, (ru, invitation, draft, channel)


def _advance(request, q, section, answers, *, code, ru, channel, invitation, address):
    """A screen answered well: the next visible screen (draft saved), or the response submitted."""
    after = visible_sections(q, answers)
    names = [s.name for s in after]
    nxt = names.index(section.name) + 1 if section.name in names else len(after)
    if nxt < len(after):
        do_save_draft(round_unit=ru, key=code, answers=answers, step=nxt)
        return redirect(f"{reverse('phieu:form', args=[code])}?buoc={nxt}")
    try:
        do_submit_response(
            round_unit=ru,
            raw=answers,
            channel=channel,
            invitation=invitation,
            address=address,
            draft_key=code,
        )
    except AnswersInvalid as exc:
        # an earlier screen is incomplete (a crafted post skipped it): go back to it
        first = exc.problems[0].question
        back = next((i for i, s in enumerate(after) if first in s.questions), 0)
        do_save_draft(round_unit=ru, key=code, answers=answers, step=back)
        return redirect(f"{reverse('phieu:form', args=[code])}?buoc={back}")
    except DomainError as exc:
        return _refusal(request, exc, STATUS.get(exc.code, 400))
    return redirect("phieu:thanks")


def _question_rows(q, section, values: dict, errors: dict) -> list[dict]:
    questions = []
    for name in section.questions:
        question = q.questions[name]
        value = values.get(name)
        selected = value if isinstance(value, list) else ([] if value in (None, "") else [str(value)])
        questions.append(
            {
                "q": question,
                "value": "" if value is None else value,
                "selected": selected,
                "error": errors.get(name, ""),
            }
        )
    return questions


@never_cache
@require_http_methods(["GET", "POST"])
def form(request, code: str):
    address = _address(request)
    code = normalise_code(code)
    refused, found = _open_form(request, code, address)
    if refused:
        return refused
    ru, invitation, draft, channel = found
    q = ru.round.questionnaire.parsed
    known = dict(draft.answers) if draft else {}
    sections = visible_sections(q, known)
    try:
        step = int(request.POST.get("buoc") or request.GET.get("buoc") or (draft.step if draft else 0))
    except ValueError:
        step = 0
    step = max(0, min(step, len(sections) - 1))
    section = sections[step]
    errors: dict[str, str] = {}
    values = {n: known.get(n) for n in section.questions}
    if request.method == "POST":
        raw = _posted(request, section, q)
        checked = check_answers(q, raw, sections=[section], known=known)
        if checked.ok:
            return _advance(
                request,
                q,
                section,
                checked.answers,
                code=code,
                ru=ru,
                channel=channel,
                invitation=invitation,
                address=address,
            )
        errors = {p.question: answer_problem(p, q.questions[p.question].label) for p in checked.problems}
        values = raw
    return render(
        request,
        "surveys/public/form.html",
        {
            "ru": ru,
            "round": ru.round,
            "questionnaire": q,
            "section": section,
            "questions": _question_rows(q, section, values, errors),
            "errors": errors,
            "step": step,
            # progress over every screen of the questionnaire (a screen skipped by skip logic counts as done)
            "step_number": [s.name for s in q.sections].index(section.name) + 1,
            "steps": len(q.sections),
            # "Gửi phiếu" only on the questionnaire's last screen; a later screen hidden by skip
            # logic may still appear after this one's answers
            "last": section.name == q.sections[-1].name,
            "code": code,
            "display_code": format_code(code) if invitation else code,
            "resume": channel == Channel.OPEN_LINK,
        },
        status=400 if errors else 200,
    )

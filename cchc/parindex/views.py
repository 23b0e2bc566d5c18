from django.http import Http404


def campaign_list(request, **kw):
    raise Http404


def campaign_detail(request, **kw):
    raise Http404


def council_queue(request, **kw):
    raise Http404


def results(request, **kw):
    raise Http404


def results_download(request, **kw):
    raise Http404


def survey_points(request, **kw):
    raise Http404


def improvement_plan(request, **kw):
    raise Http404


def sheet_detail(request, **kw):
    raise Http404


def sheet_download(request, **kw):
    raise Http404


def sheet_submit(request, **kw):
    raise Http404


def round_close(request, **kw):
    raise Http404


def score_edit(request, **kw):
    raise Http404


def evidence_download(request, **kw):
    raise Http404


def set_list(request, **kw):
    raise Http404


def set_template(request, **kw):
    raise Http404


def set_detail(request, **kw):
    raise Http404

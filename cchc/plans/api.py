"""/api/plans: list and read plans (scoped like the pages), import a document."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile

from cchc.core.errors import DomainError
from cchc.orgs.models import Level, OrgUnit
from cchc.plans import queries
from cchc.plans.actions import check_import_permission, do_import_plan
from cchc.plans.messages import too_large
from cchc.plans.schemas import ImportOut, PlanOut

router = Router(tags=["plans"])


@router.get("/", response=list[PlanOut], url_name="plans_plan_list")
def list_plans(request):
    return list(queries.with_counts(queries.plans_for(request.user)).order_by("-issued_on", "-id")[:1000])


@router.get("/{int:plan_id}", response=dict, url_name="plans_plan_detail")
def get_plan(request, plan_id: int):
    """The plan as ``cchc.plan/1`` JSON rebuilt from the database."""
    return queries.plan_interchange(queries.access_plan(request.user, plan_id))


@router.post("/import", response=ImportOut, url_name="plans_plan_import")
def import_plan(
    request,
    file: UploadedFile = File(...),
    province: str = Form(...),
    owner_unit: str = Form(""),
    commit: bool = Form(False),
    replace: bool = Form(False),
):
    """Read a plan document (multipart ``file``) for ``province`` (code). Without ``commit`` the
    result waits as a preview (``import_id``); with ``commit`` the plan is created (``plan_id``)."""
    prov = OrgUnit.objects.filter(code=province.strip(), level=Level.PROVINCE).first()
    if prov is None:
        raise DomainError(_("Không có tỉnh, thành phố với mã này."), code="unknown_province")
    check_import_permission(request.user, prov)
    owner = None
    if owner_unit.strip():
        owner = OrgUnit.objects.filter(code=owner_unit.strip(), province=prov).first()
        if owner is None:
            raise DomainError(_("Không có đơn vị với mã này trong tỉnh đã chọn."), code="unknown_unit")
    limit = settings.CCHC_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise too_large(file.size, limit)
    outcome = do_import_plan(
        actor=request.user,
        data=file.read(),
        filename=file.name or "upload",
        province=prov,
        owner_unit=owner,
        commit=commit,
        replace=replace,
    )
    return {
        "import_id": outcome.plan_import.pk if outcome.plan_import else None,
        "plan_id": outcome.plan.pk if outcome.plan else None,
        "committed": outcome.plan is not None,
        "interchange": outcome.interchange,
    }

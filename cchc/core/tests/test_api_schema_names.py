"""django-ninja names an OpenAPI component by the schema class's name alone: two routers each with
a class of the same name publish one shape for both (a budget ``RoundOut`` made /api/surveys/rounds
claim the budget's round; surveys' and plans' ``ImportOut`` did the same). Names are unique across
the project's schemas."""

from __future__ import annotations

from collections import defaultdict

import pytest
from ninja import Schema

import cchc.api  # noqa: F401 (every router mounted, every schema module imported)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_schema_name_is_used_once():
    modules = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("cchc."):
            modules[cls.__name__].add(cls.__module__)
    assert len(modules) > 40  # the project's schemas were found
    assert {name: sorted(mods) for name, mods in modules.items() if len(mods) > 1} == {}


@pytest.mark.django_db
def test_the_published_schema_lists_every_component_once_with_its_own_fields(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("schema-reader", password="x", is_superuser=True)
    client.force_login(user)
    body = client.get("/api/openapi.json").json()
    components = body["components"]["schemas"]
    assert set(components["ErrorOut"]["properties"]) == {"message", "code", "details"}
    assert "SurveyImportOut" in components and "batch_id" in components["SurveyImportOut"]["properties"]
    assert {"import_id", "plan_id", "committed"} <= set(components["ImportOut"]["properties"])

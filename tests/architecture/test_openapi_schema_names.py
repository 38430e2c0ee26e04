"""Every API schema has a name of its own: the OpenAPI document files schemas under their class
names, so two apps' `StepIn` would silently share one entry and describe one app's body wrongly."""

import importlib
from collections import defaultdict

from django.conf import settings
from ninja import Schema


def korak_schemas() -> list[type[Schema]]:
    importlib.import_module(settings.ROOT_URLCONF)  # mounts every router, importing its schemas
    found, todo = [], list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("korak."):
            found.append(cls)
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in korak_schemas():
        by_name[cls.__name__].add(cls.__module__)
    assert len(by_name) > 50
    assert {name: modules for name, modules in by_name.items() if len(modules) > 1} == {}


def test_openapi_document_names_the_renamed_schemas() -> None:
    from korak.api import api

    components = api.get_openapi_schema()["components"]["schemas"]
    for name in ("IdentityCandidateOut", "CandidateOut", "AsylumStepIn", "ReturnStepIn", "CaseDeadlineOut"):
        assert name in components

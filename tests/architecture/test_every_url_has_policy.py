"""Every URL goes through the policy: each page's view and each API operation carries the mark
that `korak.policy.requires` or `korak.policy.public` sets. Deny by default means a new view
without a mark fails here before it ships. The few framework views that cannot carry the mark
are listed by name, each with its reason."""

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path
from ninja import NinjaAPI, Router
from ninja.operation import PathView

from korak import policy
from korak.api import api
from korak.policy.permissions import PERMISSIONS

# (module, name) of views that carry no mark, and why that is safe.
ALLOWED_UNMARKED: dict[tuple[str, str], str] = {
    ("ninja.openapi.views", "openapi_json"):
        "The API's own OpenAPI document: describes routes and schemas, holds no record (public by design).",
    ("ninja.openapi.views", "default_home"):
        "django-ninja's mount point view: with docs_url=None it only ever raises 404.",
}


@dataclass(frozen=True)
class Route:
    path: str
    view: Callable[..., Any]


def walk(patterns: Iterable[URLPattern | URLResolver], prefix: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield Route(prefix + str(entry.pattern), entry.callback)


def _identity(view: Callable[..., Any]) -> tuple[str, str]:
    target = view.func if isinstance(view, partial) else view
    return getattr(target, "__module__", "?"), getattr(target, "__qualname__", "?")


def _path_view(view: Callable[..., Any]) -> PathView | None:
    """The PathView behind one of django-ninja's per-path wrappers (it closes over it)."""
    for cell in getattr(view, "__closure__", None) or ():
        contents = cell.cell_contents
        if isinstance(contents, PathView):
            return contents
    return None


def unmarked(routes: Iterable[Route]) -> list[str]:
    """Every route (or API operation behind it) that carries no policy mark and is not allowed."""
    problems = []
    for route in routes:
        path_view = _path_view(route.view)
        if path_view is not None:
            for operation in path_view.operations:
                mark = getattr(operation.view_func, "korak_policy", None)
                if mark is None:
                    problems.append(f"{','.join(operation.methods)} {route.path} -> {operation.view_func.__qualname__}")
                elif mark != policy.PUBLIC and mark not in PERMISSIONS:
                    problems.append(f"{route.path}: unknown action {mark!r}")
            continue
        mark = getattr(route.view, "korak_policy", None)
        if mark is None:
            if _identity(route.view) not in ALLOWED_UNMARKED:
                problems.append(f"{route.path} -> {'.'.join(_identity(route.view))}")
        elif mark != policy.PUBLIC and mark not in PERMISSIONS:
            problems.append(f"{route.path}: unknown action {mark!r}")
    return problems


def test_every_url_of_the_project_carries_a_policy() -> None:
    routes = list(walk(get_resolver().url_patterns))
    # Not vacuous: the HTML pages and the API's path views are all in the walk.
    paths = {route.path for route in routes}
    assert {"login/", "people/", "people/<uuid:person_id>/", "users/", "api/people/<person_id>"} <= paths
    assert sum(1 for route in routes if _path_view(route.view) is not None) >= 5
    assert unmarked(routes) == []


def test_every_api_operation_carries_a_policy() -> None:
    """The same, from the API object: every operation of every router."""
    operations = [
        (prefix + route, tuple(operation.methods), operation.view_func)
        for prefix, router in api._routers
        for route, path_view in router.path_operations.items()
        for operation in path_view.operations
    ]
    assert len(operations) >= 9
    missing = [f"{methods} {route}" for route, methods, view in operations if not hasattr(view, "korak_policy")]
    assert missing == []
    marks = {getattr(view, "korak_policy") for _route, _methods, view in operations}  # noqa: B009
    assert marks <= set(PERMISSIONS)  # no API operation is public
    assert {"people.search", "people.view", "people.register", "people.edit"} <= marks


def test_the_allowed_framework_views_are_harmless() -> None:
    assert Client().get("/api/").status_code == 404
    schema = Client().get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/people/{person_id}" in schema.json()["paths"]


# --- the checker can fail ------------------------------------------------------------------

def _unmarked_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("no policy here")


@policy.requires("people.view")
def _marked_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("fine")


@policy.public
def _public_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("fine")


def test_checker_detects_an_unmarked_view() -> None:
    patterns = [
        path("fine/", _marked_view),
        path("open/", _public_view),
        path("nested/", include([path("deeper/", _unmarked_view)])),
    ]
    assert unmarked(walk(patterns)) == [f"nested/deeper/ -> {__name__}._unmarked_view"]


def test_checker_detects_a_mark_that_names_no_permission() -> None:
    def typo_view(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    typo_view.korak_policy = "people.veiw"  # type: ignore[attr-defined]
    assert unmarked(walk([path("typo/", typo_view)])) == ["typo/: unknown action 'people.veiw'"]


def test_checker_detects_an_unmarked_api_operation() -> None:
    router = Router()

    @router.get("/guarded")
    @policy.requires("people.view")
    def guarded(request: HttpRequest) -> dict[str, str]:
        return {}

    @router.post("/forgotten")
    def forgotten(request: HttpRequest) -> dict[str, str]:
        return {}

    fake_api = NinjaAPI(urls_namespace=f"fake-{uuid.uuid4().hex}", docs_url=None)
    fake_api.add_router("/fake", router)
    problems = unmarked(walk([path("fake-api/", fake_api.urls)]))
    assert len(problems) == 1
    assert problems[0].startswith("POST fake-api/fake/forgotten -> ")
    assert problems[0].endswith("forgotten")


@pytest.mark.parametrize("view", [_unmarked_view, partial(_unmarked_view)])
def test_allow_list_is_by_exact_name(view: Callable[..., Any]) -> None:
    assert _identity(view) == (__name__, "_unmarked_view")
    assert _identity(view) not in ALLOWED_UNMARKED

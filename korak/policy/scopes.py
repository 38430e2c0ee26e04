"""How to find the institution or country a record belongs to. Each app registers its
models here (in its AppConfig.ready), so the policy never imports a case app."""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class ScopePath:
    institution: str | None  # ORM path to the owning institution's id, e.g. "registering_institution_id"
    country: str  # ORM path to the country code, e.g. "registering_institution__country_id"


_REGISTRY: dict[type[models.Model], ScopePath] = {}


def register(model: type[models.Model], *, institution: str | None, country: str) -> None:
    _REGISTRY[model] = ScopePath(institution=institution, country=country)


def path_for(model: type[models.Model]) -> ScopePath:
    try:
        return _REGISTRY[model]
    except KeyError:
        # Deny by default: a model nobody declared a scope for is visible to nobody.
        raise LookupError(f"No policy scope registered for {model.__name__}") from None


def _resolve(obj: models.Model, path: str) -> object:
    value: object = obj
    for part in path.split("__"):
        value = getattr(value, part)
    return value


def institution_of(obj: models.Model) -> object:
    path = path_for(type(obj)).institution
    return None if path is None else _resolve(obj, path)


def country_of(obj: models.Model) -> object:
    return _resolve(obj, path_for(type(obj)).country)

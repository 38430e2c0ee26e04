"""`korak demo`: a synthetic Bosnia and Herzegovina node to click through.

Institutions, one user per role, and a registry of synthetic persons registered through
the people service, so every record carries its CaseEvent, audit entry and search tokens
as a real one would. One institution of Serbia is added with one officer, to show that a
user of another country sees nothing here. Building twice changes nothing: if the demo
users exist, the logins are printed again."""

import hashlib
import hmac
import importlib
import importlib.util
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import islice

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django_otp.middleware import is_verified
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from korak.demo.progress import PartTimer, Progress
from korak.demo.synthetic import synthetic_people
from korak.organisations import services as organisations
from korak.organisations.models import Country, Institution, InstitutionKind, Membership, Role, User
from korak.organisations.totp import enrolment_secret
from korak.people import services as people_services
from korak.people.models import Person
from korak.people.rules import PersonData

# Printed with the logins on purpose: a local demo on 127.0.0.1 with synthetic data only.
DEMO_PASSWORD = "Korak-demo-Neretva-7"  # noqa: S105  # nosec B105
COUNTRY = "BA"
BATCH_SIZE = 250


@dataclass(frozen=True)
class _Place:
    name: str
    short_name: str
    kind: InstitutionKind
    country: str = COUNTRY
    part_of: str | None = None


INSTITUTIONS: dict[str, _Place] = {
    "ministry": _Place("Ministry of Security", "MS", InstitutionKind.MINISTRY),
    "border": _Place("Border Police of Bosnia and Herzegovina", "GP BiH", InstitutionKind.BORDER_POLICE,
                     part_of="ministry"),
    "sfa": _Place("Service for Foreigners' Affairs", "SPS", InstitutionKind.FOREIGNERS_SERVICE, part_of="ministry"),
    "asylum": _Place("Ministry of Security – Sector for Asylum", "SA", InstitutionKind.ASYLUM_OFFICE,
                     part_of="ministry"),
    "ombudsman": _Place("Institution of Human Rights Ombudsman of Bosnia and Herzegovina", "Ombudsman",
                        InstitutionKind.OMBUDSMAN),
    "ngo": _Place("Legal aid and referral NGO (demo)", "NGO", InstitutionKind.NGO),
    "io": _Place("International organisation (demo)", "IO", InstitutionKind.INTERNATIONAL),
    # Another country's institution: its officer must see nothing of this node's records.
    "rs": _Place("Foreigners' Service of Serbia (demo)", "SFA-RS", InstitutionKind.FOREIGNERS_SERVICE, country="RS"),
}


@dataclass(frozen=True)
class _Staff:
    username: str
    role: Role
    place: str
    totp: bool = False


# The administrator first: the others are created by that administrator, through the services.
STAFF: tuple[_Staff, ...] = (
    _Staff("admin", Role.ADMINISTRATOR, "ministry", totp=True),
    _Staff("dpo", Role.DATA_PROTECTION_OFFICER, "ministry", totp=True),
    _Staff("statistician", Role.STATISTICIAN, "ministry"),
    _Staff("officer", Role.CASE_OFFICER, "sfa"),
    _Staff("supervisor", Role.SUPERVISOR, "sfa"),
    _Staff("coordinator", Role.RETURN_COORDINATOR, "sfa"),
    _Staff("escort", Role.ESCORT_OFFICER, "sfa"),
    # Vulnerability screening happens at reception, in the service that registers the person.
    _Staff("protection", Role.PROTECTION_OFFICER, "sfa"),
    _Staff("monitor", Role.FORCED_RETURN_MONITOR, "ombudsman"),
    _Staff("programme", Role.PROGRAMME_COORDINATOR, "io"),
    # Receives protection referrals, and sees nothing of the person but what the referral says.
    _Staff("partner", Role.REFERRAL_PARTNER, "ngo"),
    _Staff("border", Role.CASE_OFFICER, "border"),
    _Staff("officer_rs", Role.CASE_OFFICER, "rs"),
)
USERNAMES = tuple(member.username for member in STAFF)

# Who registers the synthetic persons, and how many of them each.
REGISTRARS: tuple[tuple[str, int], ...] = (("officer", 55), ("supervisor", 15), ("border", 30))


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str
    institution: str
    country: str
    totp_secret: str | None = None  # base32, as an authenticator app takes it
    totp_key: str | None = None  # hex, to print the current code


@dataclass(frozen=True)
class DemoLogins:
    logins: list[Login]
    persons: int
    built: bool  # False when the demo already existed and was left alone
    seconds: float = 0.0
    warned_duplicates: int = 0
    # (part, wall seconds, CPU seconds) of each part of the build, in order.
    parts: tuple[tuple[str, float, float], ...] = ()


@dataclass(frozen=True)
class Registered:
    count: int
    seconds: float
    warned_duplicates: int


@dataclass
class Staff:
    users: dict[str, User]
    institutions: dict[str, Institution]


def totp_key(seed: int, username: str) -> str:
    """A TOTP key derived from the seed: rebuilding the demo keeps the enrolled authenticator working."""
    return hmac.new(b"korak-demo-totp", f"{seed}:{username}".encode(), hashlib.sha1).hexdigest()


def build_demo(*, persons: int = 2000, seed: int = 7, progress: bool = True) -> DemoLogins:
    if settings.KORAK_COUNTRY != COUNTRY:
        raise ImproperlyConfigured(f"The demo builds a {COUNTRY} node; unset KORAK_COUNTRY or set it to {COUNTRY}.")
    if User.objects.filter(username__in=USERNAMES).exists():
        return DemoLogins(logins=demo_logins(), persons=Person.objects.count(), built=False)
    started = time.perf_counter()
    timer = PartTimer(quiet=not progress)
    with timer.part("staff"):
        staff = create_staff(seed=seed)
    registrars = [(staff.users[name], _institution_of(staff, name)) for name, _weight in REGISTRARS]
    drawn = (person.data for person in synthetic_people(seed=seed, count=persons))
    with timer.part("persons"):
        registered = register_people(registrars=registrars, weights=[weight for _name, weight in REGISTRARS],
                                     people=drawn, total=persons, seed=seed, quiet=not progress)
    build_app_demos(staff=staff, seed=seed, quiet=not progress, timer=timer)
    return DemoLogins(logins=demo_logins(), persons=registered.count, built=True,
                      seconds=time.perf_counter() - started, warned_duplicates=registered.warned_duplicates,
                      parts=tuple(timer.parts))


# The case apps that ship demo data, in dependency order. Each has korak/<app>/demo.py with
# `build(*, staff: Staff, seed: int, quiet: bool) -> None` writing through its own services.
APP_DEMOS = ("protection", "asylum", "returns", "programme", "operations", "identity")


def build_app_demos(*, staff: Staff, seed: int, quiet: bool, timer: PartTimer | None = None) -> None:
    timer = timer or PartTimer(quiet=quiet)
    for app in APP_DEMOS:
        module_name = f"korak.{app}.demo"
        if importlib.util.find_spec(module_name) is not None:
            with timer.part(app):
                importlib.import_module(module_name).build(staff=staff, seed=seed, quiet=quiet)


def _institution_of(staff: Staff, username: str) -> Institution:
    place = next(member.place for member in STAFF if member.username == username)
    return staff.institutions[place]


def create_staff(*, seed: int) -> Staff:
    """Institutions and users. The administrator is bootstrapped as `createsuperuser` would
    be, since nobody exists yet to create them; everything of this country after that goes
    through the organisations services, so it is audited like any other change."""
    countries = {country.code: country for country in Country.objects.all()}
    with transaction.atomic():
        first = STAFF[0]
        ministry = _create_place(INSTITUTIONS[first.place], countries, institutions={})
        institutions = {first.place: ministry}
        admin = User.objects.create_user(username=first.username, password=DEMO_PASSWORD, first_name="Demo",
                                         last_name=str(first.role.label))
        Membership.objects.create(user=admin, institution=ministry, role=first.role)
        device = _enrol(admin, seed)
        # Act as the administrator after the second step of sign-in, as OTPMiddleware marks it.
        admin.otp_device = device  # type: ignore[attr-defined]
        admin.is_verified = partial(is_verified, admin)  # type: ignore[attr-defined]
        for key, place in INSTITUTIONS.items():
            if key in institutions:
                continue
            if place.country == COUNTRY:
                institutions[key] = organisations.create_institution(
                    actor=admin, name=place.name, kind=place.kind, country=countries[place.country],
                    short_name=place.short_name, parent=institutions[place.part_of] if place.part_of else None)
            else:
                # This node's administrator manages only this country: the foreign one is set up directly.
                institutions[key] = _create_place(place, countries, institutions)
        users = {first.username: admin}
        for member in STAFF[1:]:
            institution = institutions[member.place]
            if institution.country_id == COUNTRY:
                user = organisations.create_user(
                    actor=admin, username=member.username, first_name="Demo", last_name=str(member.role.label),
                    email="", password=DEMO_PASSWORD, institution=institution, role=member.role)
            else:
                user = User.objects.create_user(username=member.username, password=DEMO_PASSWORD,
                                                first_name="Demo", last_name=str(member.role.label))
                Membership.objects.create(user=user, institution=institution, role=member.role)
            if member.totp:
                _enrol(user, seed)
            users[member.username] = user
    return Staff(users=users, institutions=institutions)


def _create_place(place: _Place, countries: dict[str, Country], institutions: dict[str, Institution]) -> Institution:
    return Institution.objects.create(name=place.name, short_name=place.short_name, kind=place.kind,
                                      country=countries[place.country],
                                      parent=institutions[place.part_of] if place.part_of else None)


def _enrol(user: User, seed: int) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", key=totp_key(seed, user.username),
                                     confirmed=True)


def register_people(*, registrars: Sequence[tuple[User, Institution]], weights: Sequence[int],
                    people: Iterable[PersonData], total: int, seed: int, quiet: bool = False,
                    label: str = "registering persons",
                    after_batch: Callable[[int], None] | None = None) -> Registered:
    """Register through the service, one transaction per batch: SQLite syncs each commit to
    disk, and a few hundred registrations per commit keep that cost out of the figures.
    `after_batch` is called with the count so far, outside the batch's transaction."""
    choose = random.Random(seed + 1)
    progress = Progress(label, total, quiet=quiet)
    done = warned = 0
    iterator = iter(people)
    while batch := list(islice(iterator, BATCH_SIZE)):
        with transaction.atomic():
            for data in batch:
                actor, institution = choose.choices(registrars, weights=weights)[0]
                registration = people_services.register_person(actor=actor, institution=institution, data=data)
                warned += bool(registration.possible_duplicates)
                done += 1
        if after_batch is not None:
            after_batch(done)
        progress.update(done)
    return Registered(count=done, seconds=progress.finish(done), warned_duplicates=warned)


def demo_logins() -> list[Login]:
    """The demo users as they are in the database now."""
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
    memberships = {
        membership.user_id: membership
        for membership in Membership.objects.filter(user__in=users.values(), is_active=True)
        .select_related("institution").order_by("created_at")
    }
    devices = {device.user_id: device for device in TOTPDevice.objects.filter(user__in=users.values(), confirmed=True)}
    logins = []
    for member in STAFF:
        user = users.get(member.username)
        if user is None or user.pk not in memberships:
            continue
        membership, device = memberships[user.pk], devices.get(user.pk)
        logins.append(Login(
            role=str(Role(membership.role).label), username=user.username, password=DEMO_PASSWORD,
            institution=membership.institution.name, country=membership.institution.country_id,
            totp_secret=enrolment_secret(device) if device else None, totp_key=device.key if device else None,
        ))
    return logins


def current_code(key: str) -> str:
    """The 6-digit code an authenticator shows now for this key (30-second steps, SHA-1)."""
    return f"{totp(bytes.fromhex(key), step=30, t0=0, digits=6):06d}"


def print_logins(logins: DemoLogins, *, port: int) -> None:
    if logins.built:
        print(f"Built the demo node ({COUNTRY}): {logins.persons} synthetic persons in {logins.seconds:.0f} s, "
              f"{logins.warned_duplicates} registrations warned of a possible duplicate.")
        if logins.parts:
            print("Parts (wall s / CPU s): " + ", ".join(f"{label} {wall:.1f}/{cpu:.1f}"
                                                       for label, wall, cpu in logins.parts))
    else:
        print(f"The demo node ({COUNTRY}) is already built: {logins.persons} persons. "
              "Remove var/ to build it again.")
    print(f"\nOpen http://127.0.0.1:{port}/ and sign in as one of these synthetic users "
          "(every user has the same demo password):\n")
    header = ("Role", "Username", "Password", "Institution")
    rows = [(login.role, login.username, login.password,
             login.institution + ("" if login.country == COUNTRY else f" [{login.country}: sees nothing here]"))
            for login in logins.logins]
    _table(header, rows)
    second = [login for login in logins.logins if login.totp_secret and login.totp_key]
    if second:
        print("\nThese users also need a code from an authenticator app (TOTP: SHA-1, 6 digits, 30 s).")
        print("Type the secret into the app; the code shown here was valid when this was printed.\n")
        _table(("Username", "Secret (base32)", "Code now"),
               [(login.username, login.totp_secret or "", current_code(login.totp_key or "")) for login in second])
        print("\nCodes change every 30 s; a code is accepted once.")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    line = "  ".join(f"{{:<{width}}}" for width in widths)
    print(line.format(*header).rstrip())
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line.format(*row).rstrip())

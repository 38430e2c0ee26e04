"""What one node computes and sends: keyed field-level Bloom filters and keyed blocking tokens.

Names are canonicalised first with the plain-text engine's own forms (canonical.name_form:
script → Latin, local folding, particles; spelling-blind match keys from the variant table),
so a Cyrillic and a Latin registry produce the same bits. Nothing else is written."""

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from korak.identity.linkage.canonical import name_form
from korak.identity.linkage.records import LinkageInputError, Person

SCHEMA = "korak-pprl/3"
MIN_KEY_BYTES = 16
# Filter sizes in bits (multiples of 64). Names: padded bigrams of the canonical spelling ("_ana_"
# → _a an na a_), and separately the name's match keys, so the matcher can tell "spelled alike"
# from "same name by the variant table", as the plain engine's levels do.
FILTERS = {"given": 512, "given_keys": 512, "family": 512, "family_keys": 512, "date": 512, "sex": 64,
           "nationality": 64}
K_BIGRAM = 8
K_KEY = 16
K_FLAG = 8
# Date features and how many bits each sets: the weights order the Dice of two dates roughly as
# the plain engine orders its date levels (a swapped day and month shares the heavy unordered pair).
K_DATE = {"year": 12, "near": 4, "month": 8, "full": 8, "unordered": 24, "digit": 6, "kind": 2}
TOKEN_BYTES = 8
OFFSETS = {name: sum(list(FILTERS.values())[:index]) for index, name in enumerate(FILTERS)}
TOTAL_BITS = sum(FILTERS.values())
# Given and family filters share one position space, so that crossed names can be compared.
SPACES = {"given": "name", "family": "name", "given_keys": "key", "family_keys": "key"}


class PprlError(LinkageInputError):
    """A bad key file or encoding file (names the file and line, never a value)."""


@dataclass(frozen=True)
class Secret:
    """The secret of one linkage project, shared only among its nodes, and sub-keys derived from it."""

    raw: bytes

    def derive(self, purpose: str) -> bytes:
        return hmac.new(self.raw, f"korak-pprl/v3/{purpose}".encode(), hashlib.sha256).digest()

    @property
    def fingerprint(self) -> str:
        """Lets the matcher check both files used one key, without revealing it."""
        return self.derive("fingerprint").hex()[:16]


def read_secret(path: Path) -> Secret:
    try:
        raw = path.read_bytes().strip()
    except OSError as exc:
        raise PprlError(f"{path}: cannot read the key file ({exc.strerror})") from exc
    if len(raw) < MIN_KEY_BYTES:
        raise PprlError(f"{path}: the key must be at least {MIN_KEY_BYTES} bytes")
    return Secret(raw)


def _bigrams(joined: str) -> set[str]:
    padded = f"_{joined}_"
    return {padded[i:i + 2] for i in range(len(padded) - 1)}


def date_features(year: int, month: int, day: int) -> list[tuple[str, str]]:
    """(kind, feature) of a birth date; 1 January counts as a placeholder (only the year is known).
    Month and day features leave the year out, so a wrong year still shares them; the century
    digits are left out because nearly everyone shares them."""
    if not year:
        return []
    placeholder = month == 1 and day == 1
    full = day > 0 and not placeholder
    found = [("year", f"{year}"), ("near", f"{year}"), ("near", f"{year + 1}"),
             ("kind", "full" if full else "placeholder" if placeholder else "month" if month else "year")]
    digits = f"{year % 100:02d}"
    if month and not placeholder:
        found.append(("month", f"{month}"))
        digits += f"{month:02d}"
    if full:
        found += [("full", f"{month}-{day}"), ("unordered", f"{min(month, day)}:{max(month, day)}")]
        digits += f"{day:02d}"
    found += [("digit", f"{position}:{digit}") for position, digit in enumerate(digits)]
    return found


class Encoder:
    """Keyed bit positions (HMAC-SHA256 under a sub-key of the project secret, double hashing as in
    clkhash), cached per feature because names and dates repeat."""

    def __init__(self, secret: Secret, *, blip: float = 0.0, seed: int | None = None) -> None:
        self.secret = secret
        self._bits_key = secret.derive("bits")
        self._token_key = secret.derive("blocking")
        self.blip = blip
        self._rng = np.random.default_rng(seed)
        self._positions = lru_cache(maxsize=200_000)(self._hash_positions)

    def _hash_positions(self, filter_name: str, feature: str, k: int) -> tuple[int, ...]:
        space = SPACES.get(filter_name, filter_name)
        digest = hmac.digest(self._bits_key, f"{space}|{feature}".encode(), "sha256")
        first, second = int.from_bytes(digest[:8], "big"), int.from_bytes(digest[8:16], "big") | 1
        bits, offset = FILTERS[filter_name], OFFSETS[filter_name]
        return tuple(offset + (first + i * second) % bits for i in range(k))

    def token(self, rule: str, value: str) -> bytes:
        return hmac.digest(self._token_key, f"{rule}|{value}".encode(), "sha256")[:TOKEN_BYTES]

    def filters(self, person: Person) -> dict[str, bytes]:
        given, given_keys = name_form(person.given_name)
        family, family_keys = name_form(person.family_name)
        features: dict[str, list[tuple[str, int]]] = {
            "given": [(gram, K_BIGRAM) for gram in _bigrams(given)] if given else [],
            "given_keys": [(key, K_KEY) for key in given_keys.split()],
            "family": [(gram, K_BIGRAM) for gram in _bigrams(family)] if family else [],
            "family_keys": [(key, K_KEY) for key in family_keys.split()],
            "date": [(f"{kind}:{value}", K_DATE[kind]) for kind, value in
                     date_features(person.year, person.month, person.day)],
            "sex": [(person.sex, K_FLAG)] if person.sex else [],
            "nationality": [(person.nationality, K_FLAG)] if person.nationality else [],
        }
        # All filters in one bit array (positions carry their filter's offset), packed once.
        bits = np.zeros(TOTAL_BITS, dtype=bool)
        positions: list[int] = []
        for name, found in features.items():
            for feature, k in found:
                positions += self._positions(name, feature, k)
        bits[positions] = True
        if self.blip:
            # Randomised response (BLIP, Schnell and Borgs 2016): each bit of a non-empty filter flips
            # with probability blip (an empty filter stays empty: a missing value says nothing).
            flips = self._rng.random(TOTAL_BITS) < self.blip
            for name, found in features.items():
                if found:
                    window = slice(OFFSETS[name], OFFSETS[name] + FILTERS[name])
                    bits[window] ^= flips[window]
        packed = np.packbits(bits).tobytes()
        return {name: packed[OFFSETS[name] // 8:(OFFSETS[name] + FILTERS[name]) // 8] for name in FILTERS}


def encode_persons(persons: Sequence[Person], secret: Secret, *, blip: float = 0.0) -> Iterator[str]:
    """JSON lines: a header (scheme, filter sizes, the key's fingerprint, the BLIP probability), then
    per person its id, its filters and its blocking tokens per rule, all base64."""
    from korak.identity.pprl.blocking import person_tokens

    encoder = Encoder(secret, blip=blip)
    yield json.dumps({"schema": SCHEMA, "filters": FILTERS, "key": secret.fingerprint, "blip": blip})
    for person in persons:
        filters = encoder.filters(person)
        tokens = person_tokens(person, encoder.token)
        yield json.dumps({"id": person.id, **{name: base64.b64encode(value).decode("ascii")
                                              for name, value in filters.items()},
                          "blocks": {rule: base64.b64encode(b"".join(found)).decode("ascii")
                                     for rule, found in tokens.items() if found}})


Packed = npt.NDArray[np.uint64]

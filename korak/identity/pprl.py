"""Privacy-preserving record linkage between nodes: keyed CLK Bloom-filter encodings.

The encoder follows the scheme of clkhash (Schnell, Bachteler and Reiher 2011, "A novel
error-tolerant anonymous linking code"; clkhash's schema v3): every feature of a person
(padded bigrams of the names, whole name keys, birth-date parts, sex) sets k bits of one
record-level Bloom filter, the cryptographic long-term key (CLK); two nodes compare CLKs
with the Dice coefficient. clkhash 0.18.3 and anonlink 0.15.3 do install on Python 3.13
here, but anonlink imports `pkg_resources` (setuptools, absent from a 3.13 venv) and both
have been unmaintained since 2023, so this module implements the published scheme itself.

What it adds for the Western Balkans and for frequency attacks:
- Canonicalisation BEFORE hashing (korak.identity.normalise: Serbian/Macedonian Cyrillic and
  Arabic script → Latin, local folding, particles): a hash cannot be repaired afterwards, and
  hashing raw scripts drops F1 from .93 to .34 (linkage-anchors.md §2). Given and family
  names share one feature space, so swapped names still agree.
- Keying: bit positions come from HMAC-SHA256 under a secret shared only among the nodes
  (a key file); without it nobody can hash a dictionary of names to invert a CLK.
- Hardening against frequency attacks (clkhash issue #49; Christen et al. 2018): one
  record-level filter mixing names with birth-date and sex bits (no per-field filter whose
  bit pattern follows a name's frequency), and a *balanced* Bloom filter (Schnell 2016): the
  filter is concatenated with its complement and permuted by a keyed permutation, so every
  encoding has exactly the same number of set bits and weight says nothing about name length
  or frequency.

Only the encodings and opaque record ids leave a node. The match result is a list of id
pairs each side can act on under its legal basis."""

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from korak.identity import normalise as nz
from korak.identity.linkage import PPRL_THRESHOLD
from korak.identity.linkage.records import LinkageInputError, Person

SCHEMA = "korak-clk/2"
# Two segments per person, each a Bloom filter of its own: names (given and family together,
# so swapped names agree; bigrams and spelling-blind keys mixed so that no bit pattern is a
# name key's alone) and the birth date with sex. The matcher compares each segment with Dice
# and ignores a segment that is empty on either side (a missing date says nothing).
NAME_BITS = 1024
DATE_BITS = 256
K_NAME_BIGRAM = 15
K_NAME_KEY = 20
K_DATE = 20
K_SEX = 8
# The weight of the name segment in the combined score; the date segment has the rest.
NAME_WEIGHT = 0.4
MIN_KEY_BYTES = 16
Packed = npt.NDArray[np.uint64]


class PprlError(LinkageInputError):
    """A bad key file or encoding file (names the file and line, never a value)."""


@dataclass(frozen=True)
class Secret:
    """The linkage secret shared by the nodes, and the sub-keys derived from it."""

    raw: bytes

    def derive(self, purpose: str) -> bytes:
        return hmac.new(self.raw, f"korak-pprl/v1/{purpose}".encode(), hashlib.sha256).digest()

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


def _bigrams(part: str) -> list[str]:
    padded = f"_{part}_"
    return [padded[i:i + 2] for i in range(len(padded) - 1)]


def features(person: Person) -> list[tuple[str, str, int]]:
    """(segment, feature, bits to set) of one person, canonicalised first."""
    found: list[tuple[str, str, int]] = []
    for text in (person.given_name, person.family_name):
        parts = nz.parse_name(text).parts if text else ()
        for part in parts:
            found += [("names", f"n:{gram}", K_NAME_BIGRAM) for gram in _bigrams(part)]
            found.append(("names", f"k:{nz.match_key(part)}", K_NAME_KEY))
    if person.year:
        found.append(("date", f"y:{person.year}", K_DATE))
        placeholder = person.month == 1 and person.day == 1
        if person.month and not placeholder:
            found.append(("date", f"m:{person.month}", K_DATE))
            if person.day:
                found.append(("date", f"d:{person.day}", K_DATE))
                # Day and month as an unordered pair too: a swapped date still shares these bits.
                found.append(("date", f"dm:{min(person.day, person.month)}:{max(person.day, person.month)}",
                              K_DATE))
    if person.sex and person.year:
        found.append(("date", f"s:{person.sex}", K_SEX))
    return found


SEGMENTS = {"names": NAME_BITS, "date": DATE_BITS}


class Encoder:
    def __init__(self, secret: Secret) -> None:
        self.secret = secret
        self._hash_key = secret.derive("bits")

    def _positions(self, feature: str, k: int, bits: int) -> list[int]:
        positions: list[int] = []
        counter = 0
        while len(positions) < k:
            digest = hmac.new(self._hash_key, f"{counter}|{feature}".encode(), hashlib.sha256).digest()
            positions += [int.from_bytes(digest[i:i + 4], "big") % bits for i in range(0, 32, 4)]
            counter += 1
        return positions[:k]

    def encode(self, person: Person) -> dict[str, bytes]:
        filters = {name: np.zeros(bits, dtype=bool) for name, bits in SEGMENTS.items()}
        for segment, feature, k in features(person):
            filters[segment][self._positions(feature, k, SEGMENTS[segment])] = True
        return {name: np.packbits(bits).tobytes() for name, bits in filters.items()}


def encode_persons(persons: Sequence[Person], secret: Secret) -> Iterator[str]:
    """JSON lines: a header naming the scheme and the key's fingerprint, then one id and its CLKs per person."""
    encoder = Encoder(secret)
    yield json.dumps({"schema": SCHEMA, "segments": SEGMENTS, "key": secret.fingerprint})
    for person in persons:
        clks = encoder.encode(person)
        yield json.dumps({"id": person.id, **{name: base64.b64encode(clk).decode("ascii")
                                              for name, clk in clks.items()}})


@dataclass
class Encodings:
    ids: list[str]
    segments: dict[str, Packed]  # one row per person, 64-bit words
    key: str


def read_encodings(path: Path) -> Encodings:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PprlError(f"{path}: cannot read the encoding file") from exc
    try:
        header = json.loads(lines[0]) if lines else {}
    except json.JSONDecodeError as exc:
        raise PprlError(f"{path}: line 1: not a {SCHEMA} header") from exc
    if not isinstance(header, dict) or header.get("schema") != SCHEMA or header.get("segments") != SEGMENTS:
        raise PprlError(f"{path}: line 1: not a {SCHEMA} header")
    ids: list[str] = []
    rows: dict[str, bytearray] = {name: bytearray() for name in SEGMENTS}
    for number, line in enumerate(lines[1:], start=2):
        try:
            item = json.loads(line)
            ident = str(item["id"])
            for name, bits in SEGMENTS.items():
                clk = base64.b64decode(item[name], validate=True)
                if len(clk) != bits // 8:
                    raise ValueError("length")
                rows[name] += clk
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise PprlError(f"{path}: line {number}: not an encoding") from exc
        ids.append(ident)
    segments = {name: np.frombuffer(bytes(data), dtype=np.uint8).reshape(len(ids), SEGMENTS[name] // 8)
                .view(np.uint64).copy() for name, data in rows.items()}
    return Encodings(ids=ids, segments=segments, key=str(header.get("key", "")))


def _dice(block: Packed, right: Packed, block_count: npt.NDArray[np.int64], right_count: npt.NDArray[np.int64]
          ) -> npt.NDArray[np.float64]:
    common = np.zeros((block.shape[0], right.shape[0]), dtype=np.int64)
    for word in range(block.shape[1]):
        common += np.bitwise_count(block[:, word, None] & right[None, :, word])
    result: npt.NDArray[np.float64] = 2.0 * common / np.maximum(block_count[:, None] + right_count[None, :], 1)
    return result


def match(left: Encodings, right: Encodings, *, threshold: float, chunk: int = 512
          ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Every pair whose combined score reaches the threshold: Dice per segment by AND and popcount
    over 64-bit words, the name segment weighted NAME_WEIGHT, a segment empty on either side left out."""
    counts = {side: {name: np.bitwise_count(packed).sum(axis=1, dtype=np.int64)
                     for name, packed in encodings.segments.items()}
              for side, encodings in (("l", left), ("r", right))}
    found_a, found_b, found_s = [], [], []
    for start in range(0, len(left.ids), chunk):
        stop = min(start + chunk, len(left.ids))
        names = _dice(left.segments["names"][start:stop], right.segments["names"],
                      counts["l"]["names"][start:stop], counts["r"]["names"])
        date = _dice(left.segments["date"][start:stop], right.segments["date"],
                     counts["l"]["date"][start:stop], counts["r"]["date"])
        has_date = (counts["l"]["date"][start:stop, None] > 0) & (counts["r"]["date"][None, :] > 0)
        score = np.where(has_date, NAME_WEIGHT * names + (1 - NAME_WEIGHT) * date, names)
        a, b = np.nonzero(score >= threshold)
        found_a.append(a + start)
        found_b.append(b)
        found_s.append(score[a, b])
    if not found_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64)
    return (np.concatenate(found_a).astype(np.int64), np.concatenate(found_b).astype(np.int64),
            np.concatenate(found_s).astype(np.float64))


OPERATING_THRESHOLD = PPRL_THRESHOLD

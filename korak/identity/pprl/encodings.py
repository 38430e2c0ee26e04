"""Reading a node's encoding file strictly: the header must name this scheme, every row must
hold exactly the filters of the header's sizes; errors name the file and line, never a value."""

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from korak.identity.pprl.blocking import RULES, RuleTokens
from korak.identity.pprl.encode import FILTERS, SCHEMA, TOKEN_BYTES, PprlError

Packed = npt.NDArray[np.uint64]


@dataclass
class Encodings:
    ids: list[str]
    filters: dict[str, Packed]  # one row per person, 64-bit words
    tokens: dict[str, RuleTokens]
    key: str
    blip: float = 0.0  # the flip probability the node encoded with (0: none)

    @property
    def size(self) -> int:
        return len(self.ids)


def parse_encodings(lines: list[str], *, source: str) -> Encodings:
    try:
        header = json.loads(lines[0]) if lines else {}
    except json.JSONDecodeError as exc:
        raise PprlError(f"{source}: line 1: not a {SCHEMA} header") from exc
    if not isinstance(header, dict) or header.get("schema") != SCHEMA or header.get("filters") != FILTERS:
        raise PprlError(f"{source}: line 1: not a {SCHEMA} header")
    blip = header.get("blip", 0.0)
    if not isinstance(blip, (int, float)) or not 0.0 <= blip < 0.5:
        raise PprlError(f"{source}: line 1: not a {SCHEMA} header")
    ids: list[str] = []
    data: dict[str, bytearray] = {name: bytearray() for name in FILTERS}
    token_rows: dict[str, list[int]] = {rule: [] for rule in RULES}
    token_data: dict[str, bytearray] = {rule: bytearray() for rule in RULES}
    for number, line in enumerate(lines[1:], start=2):
        try:
            item: dict[str, Any] = json.loads(line)
            ident = str(item["id"])
            for name, bits in FILTERS.items():
                value = base64.b64decode(item[name], validate=True)
                if len(value) != bits // 8:
                    raise ValueError("length")
                data[name] += value
            blocks = item["blocks"]
            if not isinstance(blocks, dict) or not set(blocks) <= set(RULES):
                raise ValueError("blocks")
            for rule, encoded in blocks.items():
                value = base64.b64decode(encoded, validate=True)
                if len(value) % TOKEN_BYTES:
                    raise ValueError("token length")
                token_rows[rule] += [len(ids)] * (len(value) // TOKEN_BYTES)
                token_data[rule] += value
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise PprlError(f"{source}: line {number}: not an encoding") from exc
        ids.append(ident)
    filters = {name: np.frombuffer(bytes(raw), dtype=np.uint8).reshape(len(ids), FILTERS[name] // 8)
               .view(np.uint64).copy() for name, raw in data.items()}
    tokens = {rule: RuleTokens(np.asarray(token_rows[rule], dtype=np.int64),
                               np.frombuffer(bytes(token_data[rule]), dtype=np.int64).copy()) for rule in RULES}
    return Encodings(ids=ids, filters=filters, tokens=tokens, key=str(header.get("key", "")), blip=blip)


def read_encodings(path: Path) -> Encodings:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise PprlError(f"{path}: cannot read the encoding file") from exc
    return parse_encodings(lines, source=str(path))

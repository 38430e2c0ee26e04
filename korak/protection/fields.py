"""Special-category text encrypted at rest (DESIGN.md §6): a model field on `cryptography`'s
Fernet (AES-128-CBC with HMAC-SHA256, authenticated), keyed by KORAK_FIELD_KEYS and never by
SECRET_KEY. The newest key encrypts; every configured key decrypts (MultiFernet), so a key is
rotated by putting a new one in front, running `korak keys rotate`, then dropping the old one.

The database only ever holds ciphertext: a dump, a backup or a raw SELECT shows no narrative.
Ciphertext is random per write, so these columns cannot be searched or indexed; nothing here
needs to be."""

import base64
import binascii
import functools
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression


class FieldKeyError(ImproperlyConfigured):
    """KORAK_FIELD_KEYS is missing or holds something that is not a Fernet key."""


class UndecryptableError(Exception):
    """A stored value opens with none of the configured keys: a key was dropped too early, or
    the row was written by another node. Never a silent empty value."""


class Ciphertext(str):
    """A value that is already a token: written as it is (used by the rotation)."""

    __slots__ = ()


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _fernet(key: str, position: int) -> Fernet:
    try:
        if len(base64.urlsafe_b64decode(key.encode("ascii"))) != 32:
            raise ValueError
        return Fernet(key.encode("ascii"))
    except (ValueError, binascii.Error, UnicodeEncodeError):
        # The key itself is never printed, only where it stands in the list.
        raise FieldKeyError(f"KORAK_FIELD_KEYS: key number {position} is not a Fernet key "
                            "(32 bytes, url-safe base64; `korak keys generate` makes one).") from None


@functools.lru_cache(maxsize=8)
def _ciphers(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise FieldKeyError("KORAK_FIELD_KEYS holds no key: encrypted fields cannot be read or written.")
    fernets = [_fernet(key, index + 1) for index, key in enumerate(keys)]
    return MultiFernet(fernets), fernets[0]


def _current() -> tuple[MultiFernet, Fernet]:
    return _ciphers(tuple(getattr(settings, "KORAK_FIELD_KEYS", ())))


def encrypt(text: str) -> str:
    return _current()[0].encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _current()[0].decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise UndecryptableError("An encrypted value opens with none of the keys in KORAK_FIELD_KEYS.") from None


def is_current(token: str) -> bool:
    """Whether the newest key alone opens the value (so a rotation can leave it)."""
    try:
        _current()[1].decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def rotate(token: str) -> Ciphertext:
    """The same plaintext under the newest key."""
    try:
        return Ciphertext(_current()[0].rotate(token.encode("ascii")).decode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        raise UndecryptableError("An encrypted value opens with none of the keys in KORAK_FIELD_KEYS.") from None


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text that is stored encrypted and read back in plain text. Reading it is the caller's
    responsibility: the protection queries check need-to-know and audit every read."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or isinstance(value, Ciphertext):
            return value
        return encrypt(str(value))

    def get_db_prep_value(self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False) -> Any:
        return value if prepared else self.get_prep_value(value)

"""The embedded default of `make demo`: SQLite, one process, loopback only, plain HTTP."""

import base64
import os
import secrets
from pathlib import Path

_VAR = Path(__file__).resolve().parent.parent.parent / "var"
os.environ.setdefault("KORAK_ENV", "demo")
if "KORAK_SECRET_KEY" not in os.environ:
    # A demo node keeps its own random key in var/, so sessions survive a restart.
    _VAR.mkdir(exist_ok=True)
    _key_file = _VAR / "demo-secret-key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(64))
        _key_file.chmod(0o600)
    os.environ["KORAK_SECRET_KEY"] = _key_file.read_text().strip()
if "KORAK_FIELD_KEYS" not in os.environ:
    # The same for the key of the encrypted fields: kept apart from the secret key.
    _VAR.mkdir(exist_ok=True)
    _field_key_file = _VAR / "demo-field-key"
    if not _field_key_file.exists():
        _field_key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        _field_key_file.chmod(0o600)
    os.environ["KORAK_FIELD_KEYS"] = _field_key_file.read_text().strip()

from korak.settings import base  # noqa: E402

globals().update({name: value for name, value in vars(base).items() if name.isupper()})

# The demo serves plain HTTP on 127.0.0.1, so cookies cannot be Secure and there is no TLS redirect.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

if base.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo file holds synthetic data that `korak demo` rebuilds: NORMAL (in WAL mode a power
    # loss may lose the last commits, never corrupt the file) saves a disk sync on every commit.
    _default = base.DATABASES["default"]
    DATABASES = {**base.DATABASES, "default": {**_default, "OPTIONS": {
        **_default.get("OPTIONS", {}),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }}}

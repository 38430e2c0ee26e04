"""Test settings: the suite runs on SQLite by default and on PostgreSQL when
KORAK_DATABASE_URL points there (make test runs both)."""

import os

os.environ.setdefault("KORAK_ENV", "test")
os.environ.setdefault("KORAK_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("KORAK_DATABASE_URL", "sqlite:///:memory:")
# A fixed key for the encrypted fields: tests only, never a real node's.
os.environ.setdefault("KORAK_FIELD_KEYS", "dGVzdC1vbmx5LWZpZWxkLWtleS1rb3Jhay0wMDAwMDA=")

from korak.settings import base

# Copy the base settings without `import *`, then override the few that differ.
globals().update({name: value for name, value in vars(base).items() if name.isupper()})

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses argon2
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# App demos build a few rows per kind instead of the full demo: the demo's tests build it once per test.
KORAK_DEMO_SCALE = 0.05

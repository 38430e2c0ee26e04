"""Asylum applications, interviews, decisions and appeals on a legal clock."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "korak.audit"
    label = "audit"

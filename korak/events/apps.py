from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "korak.events"
    label = "events"

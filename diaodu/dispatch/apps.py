from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "diaodu.dispatch"
    label = "dispatch"

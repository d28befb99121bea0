from django.apps import AppConfig


class WarningsConfig(AppConfig):
    name = "diaodu.warnings"
    label = "warnings"

from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "diaodu.appeals"
    label = "appeals"

from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "diaodu.targets"
    label = "targets"

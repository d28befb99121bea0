from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "diaodu.regions"
    label = "regions"

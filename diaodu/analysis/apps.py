from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "diaodu.analysis"
    label = "analysis"

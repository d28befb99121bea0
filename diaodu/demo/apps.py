from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "diaodu.demo"
    label = "demo"

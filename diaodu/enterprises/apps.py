from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "diaodu.enterprises"
    label = "enterprises"

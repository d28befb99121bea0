from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "diaodu.accounts"
    label = "accounts"

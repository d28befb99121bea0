from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "diaodu.ingest"
    label = "ingest"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "diaodu.core"
    label = "core"

    def ready(self) -> None:
        # Every connection, in every process (web, command line, tests), watches its
        # writes from its first statement: kept answers depend on it (core.memo).
        from diaodu.core import memo  # noqa: F401

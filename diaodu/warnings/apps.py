from django.apps import AppConfig


class WarningsConfig(AppConfig):
    name = "diaodu.warnings"
    label = "warnings"
    verbose_name = "预警"

    def ready(self) -> None:
        # `diaodu tick` evaluates the rules on the latest month every few minutes.
        from diaodu.dispatch.jobs import register_job
        from diaodu.warnings.services import evaluate_latest

        register_job("预警规则", evaluate_latest)

import datetime as dt

from django.apps import AppConfig


class WarningsConfig(AppConfig):
    name = "diaodu.warnings"
    label = "warnings"
    verbose_name = "预警"

    def ready(self) -> None:
        # `diaodu tick` evaluates the rules on the latest month every few minutes.
        from diaodu.dispatch.jobs import register_job

        register_job("预警规则", _evaluate_latest)


def _evaluate_latest(today: dt.date) -> int:
    """The rules are imported when the tick runs them: every other command (an import,
    the web workers) would load the whole analysis at start for nothing (0.1 s)."""
    from diaodu.warnings.services import evaluate_latest

    return evaluate_latest(today)

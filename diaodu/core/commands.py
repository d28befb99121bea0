"""The base of the data commands (import, summary, ranking, bulletin, tick…)."""

from django.core.management.base import BaseCommand


class DataCommand(BaseCommand):
    """A command that reads or writes figures. Django's system checks load every URL and
    API schema first (over a second); `diaodu check` runs them, and a data command need
    not wait for them each time (cron runs `tick` every five minutes)."""

    requires_system_checks: list[str] = []

"""The `diaodu` command: Django's management commands under one name.

diaodu migrate
diaodu import monthly FILE [--period YYYY-MM] [--sheet NAME]
diaodu summary --region CODE --period YYYY-MM [--json]
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diaodu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["diaodu", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()

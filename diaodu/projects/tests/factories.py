"""A project line with sensible defaults, through the service (so it is checked and audited)."""

from __future__ import annotations

import itertools
from typing import Any

from diaodu.projects.models import Project
from diaodu.projects.services import create_project
from diaodu.testing import region

_serial = itertools.count(1)


def make_project(*, county: str = "610902", **fields: Any) -> Project:
    number = next(_serial)
    values: dict[str, Any] = {
        "name": f"测试项目{number}",
        "code": f"XM-{number:04d}",
        "region": region(county),
        "nature": "new",
        "total_investment_wan": "5000",
        "annual_plan_wan": "1000",
        "stage": "reserve",
        "year": 2026,
    }
    values.update(fields)
    return create_project(by=None, **values)

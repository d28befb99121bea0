"""The monthly bulletin of a city of 1,500 enterprises (issue 8: under 3 s): the demo
city built at that size, then the whole Word document — every analysis it calls, the
charts and the file — timed in memory."""

from __future__ import annotations

import io

from diaodu.bench import median_seconds, record
from diaodu.demo.generator import CITY
from diaodu.demo.services import build_demo_city
from diaodu.regions.models import Region
from diaodu.reports.bulletin import build_bulletin
from diaodu.reports.docx import write_docx

ENTERPRISES = 1_500


def run(engine: str) -> None:
    city = build_demo_city(seed=2026, count=ENTERPRISES, say=lambda _: None)
    region = Region.objects.get(code=CITY[0])
    period = city.periods()[-1]

    def bulletin() -> None:
        write_docx(build_bulletin(region, period), io.BytesIO())

    record(
        f"bulletin_city_1500_{engine}",
        round(median_seconds(bulletin), 2),
        "s",
        enterprises=ENTERPRISES,
        target_s=3,
    )

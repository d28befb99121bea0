"""The 旬 brief: the latest month in a sentence and what is open, on the small 安康 of
conftest.py (1—8月 +6.0 %)."""

import datetime as dt
from decimal import Decimal

from django.core.management import call_command
from docx import Document

from diaodu.accounts.models import Unit
from diaodu.appeals import services as appeals
from diaodu.appeals.models import Category, TimeLimit
from diaodu.core.periods import Period
from diaodu.reports.brief import build_brief
from diaodu.targets.models import Target
from diaodu.testing import make_user, region
from diaodu.warnings.models import Rule, Warning
from diaodu.warnings.services import evaluate

TODAY = dt.date(2026, 8, 20)


def test_the_brief_says_what_is_open(city, tmp_path):
    Rule.objects.exclude(kind="behind_target").update(active=False)
    # 汉滨 +13.33 % against a 20 % target: 6.67 points behind, red.
    Target.objects.create(
        region=region("610902"),
        year=2026,
        indicator="规上工业总产值",
        kind="growth",
        value=Decimal(20),
    )
    evaluate(region("610900"), Period(2026, 8), TODAY)
    TimeLimit.objects.filter(category=None, difficulty="general").update(amount=5)
    clerk = make_user("clerk", role="city_analyst", region_code="610900")
    appeal = appeals.register_appeal(
        by=clerk,
        title="续贷困难",
        category=Category.objects.get(name="资金保障"),
        received_on=dt.date(2026, 8, 3),
        source="hotline",
        enterprise=city["甲"],
    )
    unit = Unit.objects.create(name="市金融办", region=region("610900"))
    appeals.assign(appeal, lead_unit=unit, on=dt.date(2026, 8, 3), by=clerk)  # due 10 Aug
    brief = build_brief(region("610900"), TODAY)
    assert brief.title == "安康市工业经济运行8月中旬研判"
    [overview, warnings, appeals_part] = [s.blocks for s in brief.sections]
    assert overview[0].startswith("（最新月报）1—8月，全市规上工业总产值26.50亿元，同比增长6.0%")
    assert Warning.objects.get().level == "red"
    assert warnings[0] == "未办结预警1条，其中红色一条。"
    assert appeals_part[0] == "正在办理的企业诉求1条，已超期1条，5个工作日内到期0条。"
    assert appeals_part[1].rows[0][:2] == (appeal.number, "甲厂")
    out = tmp_path / "研判.docx"
    call_command("brief", region="610900", date="2026-08-20", out=str(out))
    assert Document(str(out)).paragraphs[0].text == "安康市工业经济运行8月中旬研判"

"""The demonstration city's daily work: targets handed down, enterprises' appeals in every
state, projects from lead to production, the dispatch routine and the warnings raised.

All of it goes through the same services users call (so the histories and audit log are
filled the way real use fills them), with fictitious names and a fixed random seed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from diaodu.accounts.models import Unit
from diaodu.appeals import services as appeals
from diaodu.appeals.models import Appeal, Category, Meeting
from diaodu.core.periods import Period
from diaodu.demo.generator import CITY
from diaodu.dispatch import services as dispatch
from diaodu.enterprises.models import Enterprise
from diaodu.projects import services as projects
from diaodu.projects.models import Nature, Stage
from diaodu.regions.models import Region
from diaodu.regions.selectors import children_of
from diaodu.targets import services as targets
from diaodu.targets.models import Target
from diaodu.warnings.services import evaluate

UNITS = [
    "示范市自然资源和规划局",
    "示范市人力资源和社会保障局",
    "示范市金融工作办公室",
    "示范市生态环境局",
]
PROBLEMS = {
    "资金保障": ["流动资金贷款到期续贷困难", "技改项目融资担保不足"],
    "市场拓展": ["产品进入省内政府采购目录受阻", "缺少展会推介渠道"],
    "要素保障": ["高峰时段限电影响生产", "天然气供应价格偏高"],
    "政策支持与兑现": ["技改奖补资金尚未兑现", "研发费用加计扣除政策不清"],
    "人才技术": ["缺少高级技工", "与高校产学研合作难以对接"],
    "招工用工": ["旺季一线工人招工难", "员工子女入学需协调"],
    "手续办理": ["新建厂房消防验收进度慢", "环评批复周期长"],
    "用地建设": ["扩建用地指标未落实", "园区配套道路未完工"],
    "生态环保": ["排污许可证延续", "环保督察整改资金压力大"],
    "经营管理": ["原材料价格上涨挤压利润", "应收账款回款慢"],
    "证照变更": ["营业执照经营范围变更", "安全生产许可证换证"],
}


def build_work(*, seed: int, last: Period, today: dt.date, say: Any = print) -> None:
    """The year of `last` (the latest monthly file), as it stands some weeks after it."""
    rng = random.Random(seed)
    today = min(today, last.last_day + dt.timedelta(days=45))
    city = Region.objects.get(code=CITY[0])
    admin = get_user_model().objects.get(username="admin")
    _targets(city, admin, last.year)
    say("  已设定并分解年度目标")
    count = _appeals(rng, city, admin, today, last.year)
    say(f"  已登记企业诉求{count}条")
    count = _projects(rng, city, admin, last, today)
    say(f"  已建立项目台账{count}个")
    _routine(city, admin, today, last.year)
    counts = evaluate(city, last, today)
    say(f"  已按规则生成预警{counts['raised']}条")


def _targets(city: Region, admin: Any, year: int) -> None:
    for tier, value in (("floor", "5"), ("expected", "7"), ("stretch", "9")):
        target = targets.set_target(
            region=city,
            year=year,
            indicator="规上工业总产值",
            kind="growth",
            value=Decimal(value),
            by=admin,
            tier=tier,
            method=Target.Method.HANDED_DOWN,
            handed_down_by="示范省工业和信息化厅",
            handed_down_on=dt.date(year, 2, 20),
        )
        targets.hand_down(target, method="uniform", by=admin, on=dt.date(year, 3, 1))
    targets.set_target(
        region=city,
        year=year,
        indicator="规上工业增加值",
        kind="growth",
        value=Decimal("7.5"),
        by=admin,
        method=Target.Method.HANDED_DOWN,
        handed_down_by="示范省工业和信息化厅",
        handed_down_on=dt.date(year, 2, 20),
    )
    base = targets.base_value(city, "规上工业总产值", year - 1)
    if base:
        targets.set_target(
            region=city,
            year=year,
            indicator="规上工业总产值（总量）",
            kind="absolute",
            value=(base * Decimal("1.07")).quantize(Decimal("0.01")),
            by=admin,
        )
    expected = Target.objects.get(
        region=city, year=year, indicator="规上工业总产值", tier="expected"
    )
    targets.split_over_time(expected, by=admin)


def _appeals(rng: random.Random, city: Region, admin: Any, today: dt.date, year: int) -> int:
    units = [Unit.objects.get(name="示范市发展和改革委员会")]
    units += [Unit.objects.get_or_create(name=name, region=city)[0] for name in UNITS]
    meetings = [
        Meeting.objects.create(
            kind="forum", title=title, held_on=min(day, today), region=city, leader="市长"
        )
        for title, day in (
            ("一季度民营企业座谈会", dt.date(year, 3, 18)),
            ("上半年重点企业座谈会", dt.date(year, 6, 24)),
            ("三季度民营企业座谈会", dt.date(year, 9, 22)),
        )
    ]
    meetings += [
        Meeting.objects.create(
            kind="leader_visit",
            title=title,
            held_on=min(day, today),
            region=city,
            leader="分管副市长",
        )
        for title, day in (
            ("调研工业园区", dt.date(year, 4, 15)),
            ("调研重点企业", dt.date(year, 8, 12)),
        )
    ]
    enterprises = list(Enterprise.objects.filter(is_demo=True).order_by("uscc"))
    rng.shuffle(enterprises)
    categories = {c.name: c for c in Category.objects.all()}
    made = 0
    for index in range(48):
        meeting = meetings[index % len(meetings)]
        day = dt.date(year, rng.randint(1, 10), rng.randint(1, 28))
        received = meeting.held_on if index < 30 else min(day, today)
        name = rng.choice(list(PROBLEMS))
        appeal = appeals.register_appeal(
            by=admin,
            title=rng.choice(PROBLEMS[name]),
            category=categories[name],
            received_on=received,
            source=meeting.kind if index < 30 else rng.choice(["liaison", "hotline"]),
            enterprise=enterprises[index % len(enterprises)],
            meeting=meeting if index < 30 else None,
            difficulty="difficult" if rng.random() < 0.25 else "general",
            allow_duplicate=True,
        )
        made += 1
        _handle(rng, appeal, rng.choice(units), admin, today)
    return made


def _handle(rng: random.Random, appeal: Appeal, unit: Unit, admin: Any, today: dt.date) -> None:
    """Take an appeal some way along the loop: most answered, some overdue and explained,
    some supervised, a few still waiting to be assigned."""
    fate = rng.random()
    if fate < 0.08:
        return
    assigned = min(appeal.received_on + dt.timedelta(days=rng.randint(1, 5)), today)
    appeals.assign(appeal, lead_unit=unit, on=assigned, by=admin)
    assert appeal.due_on is not None
    if fate < 0.25:
        return  # still being handled (overdue if its deadline has passed)
    answer = appeal.due_on - dt.timedelta(days=rng.randint(0, 10))
    if fate < 0.35 and appeal.due_on < today:
        late = min(appeal.due_on + dt.timedelta(days=3), today)
        appeals.submit_explanation(appeal, text="涉及多部门协调，正在推进", on=late, by=admin)
        appeals.supervise(appeal, on=late, by=admin, text="督查室督办")
        answer = min(late + dt.timedelta(days=7), today)
    answer = max(answer, assigned)
    if answer > today:
        return
    outcome = "explained" if rng.random() < 0.3 else "resolved"
    appeals.reply(appeal, outcome=outcome, text="已协调办理并答复企业", on=answer, by=admin)
    if rng.random() < 0.7:
        satisfaction = rng.choice(["satisfied", "satisfied", "basic", "unsatisfied"])
        appeals.close(
            appeal,
            satisfaction=satisfaction,
            on=min(answer + dt.timedelta(days=2), today),
            by=admin,
        )


PROJECT_NAMES = [
    "年产10万吨富硒食品精深加工",
    "新能源电池材料产业园",
    "智能装备制造基地",
    "中药材提取生产线",
    "绿色建材产业园",
    "高端纺织服装产业园",
    "电子元器件生产线技改",
    "农产品冷链物流中心",
    "新型墙体材料生产线",
    "生物医药孵化基地",
    "锂电池回收利用",
    "光伏组件生产线",
    "饲料加工技改",
    "汽车零部件制造",
    "特种钢材深加工",
    "茶叶精制加工扩建",
    "包装材料生产线",
    "化工新材料",
    "魔芋精深加工",
    "数据中心",
]


PROJECTS = 80
PLACES_WORDS = [
    "东城",
    "西城",
    "青川",
    "云岭",
    "河阳",
    "石门",
    "柳溪",
    "南山",
    "安平",
    "白水",
    "高新",
    "经开",
]
# Where the 80 projects stand: every stage, most of them under way.
GOALS = [
    Stage.LEAD, Stage.SIGNED, Stage.RESERVE, Stage.STARTED, Stage.BUILDING, Stage.BUILDING,
    Stage.BUILDING, Stage.COMPLETED, Stage.PRODUCING, Stage.FULL_PRODUCTION,
]  # fmt: skip
ORDER = [
    Stage.LEAD, Stage.SIGNED, Stage.RESERVE, Stage.STARTED, Stage.BUILDING, Stage.COMPLETED,
    Stage.PRODUCING, Stage.FULL_PRODUCTION,
]  # fmt: skip


def _projects(rng: random.Random, city: Region, admin: Any, last: Period, today: dt.date) -> int:
    """80 projects in every stage (线索 to 达产, a few 停建 and 终止), with their monthly
    investment, leads' sources, and contract indicators checked for the producing ones."""
    year = last.year
    places = children_of(city)
    for index in range(PROJECTS):
        place_word = PLACES_WORDS[index % len(PLACES_WORDS)]
        name = f"{place_word}{PROJECT_NAMES[index % len(PROJECT_NAMES)]}项目"
        total = Decimal(rng.choice([800, 1500, 3000, 8000, 12000, 25000, 60000, 120000]))
        plan = (total * Decimal(rng.choice(["0.3", "0.4", "0.5"]))).quantize(Decimal("0.01"))
        project = projects.create_project(
            by=admin,
            name=name,
            code=f"SF{year}{index + 1:03d}",
            region=places[index % len(places)],
            nature=rng.choice([n.value for n in Nature]),
            total_investment_wan=total,
            annual_plan_wan=plan,
            planned_start=dt.date(year, rng.randint(2, 6), 1),
            planned_completion=dt.date(year + 1, rng.randint(1, 12), 1),
            expected_output_wan=(total * Decimal("1.5")).quantize(Decimal("0.01")),
            leader=rng.choice(["张副市长", "李副市长", "王副市长"]),
            source=rng.choice(["roadshow", "by_business", "chain_leader", "other"]),
            land_mu=Decimal(rng.choice([20, 50, 80, 120])),
            year=year,
        )
        goal = GOALS[index % len(GOALS)]
        day = dt.date(year, 1, 5)
        for stage in ORDER[1 : ORDER.index(goal) + 1]:
            day += dt.timedelta(days=rng.randint(8, 30))
            projects.move_stage(project, stage, on=min(day, today), by=admin)
        _stop_some(project, index, day, today, admin)
        if ORDER.index(goal) >= ORDER.index(Stage.STARTED):
            _invest(rng, project, plan, last, admin)
        if goal in (Stage.PRODUCING, Stage.FULL_PRODUCTION):
            _contract(rng, project, today, admin)
    return PROJECTS


def _stop_some(project: Any, index: int, day: dt.date, today: dt.date, admin: Any) -> None:
    """Every 20th project under way is suspended, and every 40th of those terminated."""
    if index % 20 != 14:
        return
    on = min(day + dt.timedelta(days=10), today)
    projects.move_stage(project, Stage.SUSPENDED, on=on, reason="资金链紧张，暂停施工", by=admin)
    if index % 40 == 14:
        projects.move_stage(
            project, Stage.TERMINATED, on=on, reason="企业战略调整，终止投资", by=admin
        )


def _invest(rng: random.Random, project: Any, plan: Decimal, last: Period, admin: Any) -> None:
    for month in range(1, last.month + 1):
        share = Decimal(rng.choice(["0.02", "0.05", "0.08", "0.12"]))
        amount = (plan * share).quantize(Decimal("0.01"))
        projects.record_investment(project, Period(last.year, month), amount, by=admin)


def _contract(rng: random.Random, project: Any, today: dt.date, admin: Any) -> None:
    """The "X+X" control indicators, checked at acceptance; some fall short (P06)."""
    for name, unit, agreed in (("投资强度", "万元/亩", 300), ("亩均税收", "万元/亩", 15)):
        indicator = projects.add_indicator(
            project, name=name, unit=unit, agreed=Decimal(agreed), due=today, by=admin
        )
        actual = Decimal(agreed) * Decimal(rng.choice(["0.8", "0.95", "1.1", "1.3"]))
        projects.check_contract(indicator, actual.quantize(Decimal("0.01")), today, by=admin)


def _routine(city: Region, admin: Any, today: dt.date, year: int) -> None:
    start = dt.date(year, 1, 1)
    monthly = dispatch.create_cadence(
        by=admin,
        region=city,
        kind="monthly",
        title="月度工业经济运行调度会",
        item_kind="meeting",
        starts_on=start,
        today=today,
    )
    dispatch.create_cadence(
        by=admin,
        region=city,
        kind="dekad",
        title="旬运行研判",
        item_kind="analysis",
        starts_on=start,
        today=today,
    )
    dispatch.create_cadence(
        by=admin,
        region=city,
        kind="quarterly",
        title="季度约谈",
        item_kind="summons",
        starts_on=start,
        today=today,
    )
    dispatch.open_due_items(today)
    for item in monthly.items.order_by("period_start")[:8]:
        held = item.period_end + dt.timedelta(days=6)
        dispatch.log_meeting(
            by=admin,
            region=city,
            kind="dispatch",
            title=f"{item.title}（{item.period_key}）",
            held_on=min(held, today),
            chair="分管副市长",
            attendees="各县区、各部门",
            decisions="加强重点企业服务，抓好项目建设",
            work_item=item,
        )

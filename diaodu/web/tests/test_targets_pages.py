"""Targets (目标): the region's targets with their progress and the required growth, the
sub-regions behind, setting and handing down through the services, and the Excel import
all or nothing. Figures are the targets app's own (hand-worked in its tests)."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from diaodu.core.periods import Period
from diaodu.regions.models import Indicator, RegionFigure
from diaodu.targets.ledger import targets_template
from diaodu.targets.models import Target
from diaodu.targets.progress import target_progress
from diaodu.testing import make_enterprise, make_fact, make_user, region
from diaodu.web.tests.markup import form_ids, table_rows, unlabelled_fields

pytestmark = pytest.mark.django_db

AUG = "2026-08"


@pytest.fixture
def hanbin_2026(db):
    """汉滨区: 1—8月 840 against 800 (5 %); last year 1—8月 780 and the whole year 1170,
    so the remaining four months must grow 14 % for an 8 % year (targets' test_targets)."""
    plant = make_enterprise(county="610902", name="汉滨甲厂")
    make_fact(plant, "2025-08", month="100", ytd="780", month_prior="90", ytd_prior="700")
    make_fact(plant, "2025-12", month="150", ytd="1170", month_prior="140", ytd_prior="1100")
    make_fact(plant, "2026-08", month="110", ytd="840", month_prior="100", ytd_prior="800")
    return plant


@pytest.fixture
def people(db):
    return {
        "analyst": make_user("analyst", role="city_analyst", region_code="610900"),
        "leader": make_user("leader", role="leader", region_code="610900"),
        "hanbin": make_user("hanbin", role="county_user", region_code="610902"),
        "hanyin": make_user("hanyin", role="county_user", region_code="610921"),
    }


def set_form(client, code, **fields):
    data = {
        "target-region": region(code).pk,
        "target-year": "2026",
        "target-indicator": "规上工业总产值",
        "target-kind": "growth",
        "target-tier": "expected",
        "target-value": "8",
        **{f"target-{key}": value for key, value in fields.items()},
    }
    return client.post(f"/regions/{code}/targets/set/?period={AUG}", data)


def rows(page, name="table-targets"):
    return [row for row in table_rows(page, name) if len(row) > 1]


def test_an_analyst_sets_a_target_through_the_form_and_sees_its_progress(
    client, people, hanbin_2026
):
    client.force_login(people["analyst"])
    response = set_form(client, "610902", value="8%")
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.region.code, target.value, target.updated_by) == (
        "610902",
        Decimal(8),
        people["analyst"],
    )
    page = client.get(response.url).content.decode()
    assert "已保存：2026年汉滨区规上工业总产值预期目标" in page
    [line] = rows(page)
    # 840 / 800 − 1 = 5 %, three points under 8 %; the last four months must grow 14 %.
    assert line[:3] == ["规上工业总产值", "预期", "8.0%"]
    assert line[5:7] == ["5.0", "-3.0"] and line[9] == "落后"
    assert line[10] == "后4月需增长14.0%"


def test_changing_a_target_keeps_one_per_tier(client, people, hanbin_2026):
    client.force_login(people["analyst"])
    set_form(client, "610902", value="8")
    set_form(client, "610902", value="6.5", handed_down_by="市工信局")
    target = Target.objects.get()
    assert target.value == Decimal("6.5") and target.method == Target.Method.HANDED_DOWN


def test_a_refused_target_is_said_in_the_services_words(client, people, hanbin_2026):
    client.force_login(people["analyst"])
    response = set_form(client, "610902", value="2000")
    assert response.status_code == 400
    assert "增速目标 2000% 不合理" in response.content.decode()
    response = set_form(client, "610902", value="七")
    assert response.status_code == 400 and "目标值应为数字" in response.content.decode()
    assert not Target.objects.exists()


def test_the_city_hands_a_target_down_and_sees_the_county_behind(client, people, hanbin_2026):
    client.force_login(people["analyst"])
    set_form(client, "610900", value="6")
    city = Target.objects.get(region__code="610900")
    page = client.get(f"/regions/610900/targets/?period={AUG}").content.decode()
    assert f"/targets/{city.pk}/hand-down/" in page and "按同一增速下达" in page
    response = client.post(f"/targets/{city.pk}/hand-down/?period={AUG}", {"method": "uniform"})
    assert response.status_code == 302
    parts = Target.objects.filter(parent=city)
    assert parts.count() == len(region("610900").children.filter(retired=False))
    assert {part.value for part in parts} == {Decimal(6)}
    page = client.get(response.url).content.decode()
    assert "按同一增速分解，下达到" in page
    # 汉滨 grew 5 % against 6 %: behind by one point; counties without figures are not.
    behind = rows(page, "table-behind")
    assert [line[0] for line in behind] == ["汉滨区"] and behind[0][5] == "-1.0"


def test_a_share_split_of_a_growth_target_is_refused_in_words(client, people, hanbin_2026):
    client.force_login(people["analyst"])
    set_form(client, "610900", value="6")
    city = Target.objects.get()
    response = client.post(f"/targets/{city.pk}/hand-down/?period={AUG}", {"method": "share"})
    assert "按基数占比分解只适用于总量目标" in client.get(response.url).content.decode()
    assert Target.objects.count() == 1


def test_the_gaps_to_the_province_the_nation_and_the_target(client, people, hanbin_2026):
    indicator = Indicator.objects.get(name="规上工业增加值")
    for code, growth in (("610900", "8.3"), ("610000", "5.6"), ("100000", "5.8")):
        RegionFigure.objects.create(
            region=region(code),
            indicator=indicator,
            period_kind="month",
            period=202608,
            scope="ytd",
            growth=Decimal(growth),
        )
    Target.objects.create(
        region=region("610900"),
        year=2026,
        indicator="规上工业增加值",
        kind="growth",
        value=Decimal(7),
    )
    client.force_login(people["leader"])
    page = client.get(f"/regions/610900/targets/?period={AUG}").content.decode()
    assert 'data-figure="gap-growth">8.3<' in page
    gaps = {line[0]: line[2] for line in rows(page, "table-gaps")}
    assert gaps == {"陕西省": "2.7", "全国": "2.5", "预期目标": "1.3"}


@pytest.mark.parametrize("who", ["analyst", "leader", "hanbin"])
def test_the_page_renders_for_the_roles_that_read_figures(client, people, hanbin_2026, who):
    client.force_login(people[who])
    home = client.get("/targets/")
    assert home.status_code == 302
    response = client.get(home.url + f"?period={AUG}")
    assert response.status_code == 200 and "年目标" in response.content.decode()


def test_a_county_user_gets_404_for_another_countys_targets(client, people, hanbin_2026):
    other = Target.objects.create(
        region=region("610921"), year=2026, indicator="规上工业总产值", kind="growth", value=7
    )
    client.force_login(people["hanbin"])
    assert client.get(f"/regions/610921/targets/?period={AUG}").status_code == 404
    assert client.get(f"/regions/610900/targets/?period={AUG}").status_code == 404
    response = client.post(f"/targets/{other.pk}/hand-down/", {"method": "uniform"})
    assert response.status_code == 404
    assert set_form(client, "610921").status_code == 404
    # Its own county: the form offers only 汉滨区 itself (it has no sub-regions here).
    page = client.get(f"/regions/610902/targets/?period={AUG}").content.decode()
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', page)
    assert [name for _pk, name in options if "（" in name] == ["汉滨区（610902）"]


def test_a_county_user_sets_its_own_target(client, people, hanbin_2026):
    client.force_login(people["hanbin"])
    assert set_form(client, "610902", value="9").status_code == 302
    assert Target.objects.get().value == Decimal(9)


def test_a_unit_reads_no_targets(client, db):
    from diaodu.accounts.models import Unit

    unit = Unit.objects.create(name="市发展和改革委员会", region=region("610900"))
    client.force_login(make_user("fgw", role="unit", region_code="610900", unit=unit))
    assert client.get("/targets/").status_code == 404
    assert client.get("/regions/610900/targets/").status_code == 404


def test_a_leader_sees_no_form_and_cannot_set_a_target(client, people, hanbin_2026):
    Target.objects.create(
        region=region("610900"), year=2026, indicator="规上工业总产值", kind="growth", value=7
    )
    client.force_login(people["leader"])
    page = client.get(f"/regions/610900/targets/?period={AUG}").content.decode()
    posts = re.findall(r'<form method="post" action="([^"]*)"', page)
    assert posts == ["/logout/"] and "只能查看目标" in page
    response = set_form(client, "610900", value="9")
    assert "只能查看目标" in client.get(response.url).content.decode()
    assert Target.objects.get().value == Decimal(7)


def test_every_field_of_the_target_forms_has_a_label(client, people, hanbin_2026):
    client.force_login(people["analyst"])
    page = client.get(f"/regions/610900/targets/?period={AUG}").content.decode()
    assert form_ids(page) == ["form-target", "form-import"]
    assert unlabelled_fields(page) == []


def _workbook(*rows):
    workbook = openpyxl.load_workbook(io.BytesIO(targets_template()))
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("目标.xlsx", buffer.getvalue())


def test_the_template_downloads(client, people):
    client.force_login(people["analyst"])
    response = client.get("/targets/template.xlsx")
    assert response.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(response.content)).active["A1"].value == "年度"


def test_a_bad_targets_file_shows_every_bad_cell_and_changes_nothing(client, people):
    Target.objects.create(
        region=region("610900"), year=2026, indicator="规上工业总产值", kind="growth", value=7
    )
    client.force_login(people["analyst"])
    upload = _workbook(
        [2026, "610900", "安康市", "规上工业增加值", "增速", "预期", "7.5", "%", "", ""],
        [2026, "999999", "", "工业投资", "增速", "预期", "8", "%", "", ""],
        [2026, "610902", "汉滨区", "技改投资", "增速", "预期", "十", "%", "", ""],
    )
    response = client.post(f"/regions/610900/targets/import/?period={AUG}", {"import-file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "目标导入失败：共 2 处问题，目标未做任何改动" in page
    assert table_rows(page, "table-import-errors") == [
        ["3", "地区代码", "999999", "没有这个地区代码"],
        ["4", "目标值", "十", "不是数字"],
    ]
    assert list(Target.objects.values_list("indicator", "value")) == [("规上工业总产值", 7)]


def test_a_good_targets_file_is_imported(client, people):
    client.force_login(people["analyst"])
    upload = _workbook(
        [2026, "610900", "安康市", "规上工业增加值", "增速", "预期", "7.5", "%", "省工信厅", ""],
        [2026, "610902", "汉滨区", "净增规上企业", "总量", "争取", "12", "户", "", ""],
    )
    response = client.post(f"/regions/610900/targets/import/?period={AUG}", {"import-file": upload})
    assert response.status_code == 302
    assert "已导入2条目标" in client.get(response.url).content.decode()
    assert Target.objects.get(indicator="净增规上企业").tier == "stretch"


def test_the_dashboard_shows_the_gap_to_the_expected_target(client, world):
    Target.objects.create(
        region=region("610900"), year=2024, indicator="规上工业总产值", kind="growth", value=5
    )
    client.force_login(world.analyst)
    page = client.get("/").content.decode()
    gap = target_progress(Target.objects.get(), Period(2024, 8)).gap
    # (120 + 74 + 40) / (100 + 89 + 50) − 1 = −2.09 %, against 5 %: −7.1 points.
    assert gap is not None and f"{gap:.1f}" == "-7.1"
    assert "较预期目标5.0%" in page
    assert 'data-figure="output_ytd-target-gap">-7.1<' in page


def test_the_dashboard_shows_no_target_gap_without_a_target(client, world):
    client.force_login(world.analyst)
    assert "output_ytd-target-gap" not in client.get("/").content.decode()

import pytest

from diaodu.regions.models import Region, RegionCode
from diaodu.regions.selectors import region_by_code
from diaodu.regions.services import (
    SHIPPED_REGION_LIST,
    RegionListError,
    load_region_list,
    load_shipped_regions,
    parse_region_list,
)
from diaodu.testing import make_enterprise

pytestmark = pytest.mark.django_db


def shipped_entries() -> dict[str, str]:
    with SHIPPED_REGION_LIST.open(encoding="utf-8") as lines:
        return parse_region_list(lines)


def test_migrate_loads_every_code_of_the_2024_list_under_the_nation():
    assert Region.objects.filter(is_official=True).count() == 3213 + 1  # the list and 全国
    assert Region.objects.get(code="610902").parent.code == "610900"
    assert Region.objects.get(code="610900").parent.code == "610000"
    assert Region.objects.get(code="610000").parent.code == "100000"


def test_counties_without_a_city_code_hang_under_their_province():
    # 北京 has no 110100 in the list; 仙桃 429004 is administered by 湖北 directly.
    assert Region.objects.get(code="110101").parent.code == "110000"
    assert Region.objects.get(code="429004").parent.code == "420000"


def test_a_prefecture_without_counties_is_its_own_lowest_level():
    dongguan = Region.objects.get(code="441900")
    assert dongguan.level == "city"
    assert not dongguan.children.exists()


def test_loading_the_same_list_again_changes_nothing():
    assert load_shipped_regions() is None  # already loaded by migrate
    report = load_region_list(shipped_entries(), list_name="2024")
    assert (report.added, report.renamed, report.recoded, report.retired) == ([], [], [], [])


def test_next_years_list_adds_renames_retires_and_recodes_without_losing_anything():
    enterprise = make_enterprise(county="610924")  # 紫阳县, about to become a 市 with a new code
    ziyang_id = Region.objects.get(code="610924").id
    entries = shipped_entries()
    del entries["610923"]  # 宁陕县 merged away
    del entries["610924"]
    entries["610985"] = "紫阳市"
    entries["610926"] = "平利市"  # renamed, same code
    entries["610986"] = "新设县"

    report = load_region_list(entries, list_name="2025", renames={"610924": "610985"})

    assert report.added == ["610986"]
    assert report.recoded == ["610924→610985"]
    assert report.retired == ["610923"]
    assert report.renamed == ["610926 平利县→平利市", "610985 紫阳县→紫阳市"]
    enterprise.refresh_from_db()
    assert enterprise.county_id == ziyang_id and enterprise.county.code == "610985"
    assert region_by_code("610924").id == ziyang_id  # a file using the retired code still lands
    assert Region.objects.get(code="610923").retired  # kept, facts may point to it
    assert RegionCode.objects.get(code="610924").last_list == "2024"
    assert RegionCode.objects.get(code="610985").first_list == "2025"
    assert Region.objects.get(code="610986").parent.code == "610900"


def test_a_bad_list_is_refused_with_every_line_named():
    with pytest.raises(RegionListError) as error:
        parse_region_list(["610902 汉滨区", "61090 短码", "610902 重复", "610903"])
    message = str(error.value)
    assert "第2行" in message and "第3行：代码610902重复" in message and "第4行" in message


def test_a_rename_to_a_code_already_in_use_is_refused_and_nothing_changes():
    entries = shipped_entries()
    with pytest.raises(RegionListError):
        load_region_list(entries, list_name="2025", renames={"610924": "610902"})
    assert Region.objects.get(code="610924").name == "紫阳县"

"""逐一填报 on the targets page: one labelled box per sub-region, the sum beside the target,
the parts checked by the targets service (hand_down, manual) and saved all or none; city
staff only — a county user gets 404, a leader reads."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from diaodu.regions.selectors import children_of
from diaodu.targets.models import Target
from diaodu.testing import region
from diaodu.web.tests.markup import unlabelled_fields

pytestmark = pytest.mark.django_db

AUG = "2026-08"


@pytest.fixture
def city_target(db) -> Target:
    """安康市 2026: 100 亿元 of output, to be split over its ten counties."""
    return Target.objects.create(
        region=region("610900"),
        year=2026,
        indicator="规上工业总产值",
        kind=Target.Kind.ABSOLUTE,
        value=Decimal(100),
        unit="亿元",
    )


def parts(target: Target, **values: str) -> dict[str, str]:
    """Every county's box: 10 亿元 each unless given (by code)."""
    boxes = {child.code: "10" for child in children_of(target.region)}
    boxes.update(values)
    return {f"manual-{target.pk}-{code}": value for code, value in boxes.items()}


def hand_down(client, target: Target, **values: str):
    return client.post(
        f"/targets/{target.pk}/hand-down/manual/?period={AUG}", parts(target, **values)
    )


def test_an_analyst_types_each_countys_part_and_they_are_handed_down(
    client, city_analyst, city_target
):
    client.force_login(city_analyst)
    response = hand_down(client, city_target, **{"610902": "25.5", "610921": "4.5"})
    assert response.status_code == 302
    saved = {t.region.code: t.value for t in Target.objects.filter(parent=city_target)}
    assert len(saved) == 10 and sum(saved.values()) == Decimal(110)
    assert saved["610902"] == Decimal("25.5") and saved["610921"] == Decimal("4.5")
    assert {t.method for t in Target.objects.filter(parent=city_target)} == {"manual"}
    page = client.get(response.url).content.decode()
    assert "已逐一填报下达到10个下级地区：" in page and "汉滨区25.5亿元" in page


def test_parts_short_of_the_target_are_refused_in_the_services_words_and_nothing_saved(
    client, city_analyst, city_target
):
    client.force_login(city_analyst)
    response = hand_down(client, city_target, **{"610902": "1"})  # 9 × 10 + 1 = 91
    page = response.content.decode()
    assert response.status_code == 400
    assert "各地区目标合计 91亿元，少于安康市的目标" in page
    assert Target.objects.count() == 1
    # The form comes back open, with what was typed, and the sum beside the target.
    assert re.search(r'<details class="manual" open>', page)
    assert 'value="1"' in page and ">91</output>" in page


def test_a_box_that_is_not_a_number_is_named_and_nothing_is_saved(
    client, city_analyst, city_target
):
    client.force_login(city_analyst)
    response = hand_down(client, city_target, **{"610902": "十亿", "610921": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "汉滨区的目标值应为数字，如 7.5" in page and "请填写汉阴县的目标值" in page
    assert ">—</output>" in page  # no sum while a box is not a number
    assert Target.objects.count() == 1


def test_the_form_has_a_labelled_box_per_county_filled_with_the_parts_handed_down(
    client, city_analyst, city_target
):
    client.force_login(city_analyst)
    hand_down(client, city_target, **{"610902": "20"})
    page = client.get(f"/regions/610900/targets/?period={AUG}").content.decode()
    assert unlabelled_fields(page) == []
    for child in children_of(city_target.region):
        assert (
            f'<label for="id_manual-{city_target.pk}-{child.code}">{child.name}（亿元）：' in page
        )
    assert f'name="manual-{city_target.pk}-610902" value="20"' in page
    assert ">110</output>" in page and "/static/web/manual.js" in page


def test_a_county_user_gets_404_and_changes_nothing(client, county_user, city_target):
    own = Target.objects.create(
        region=region("610902"), year=2026, indicator="规上工业总产值", kind="absolute", value=9
    )
    client.force_login(county_user)
    assert hand_down(client, city_target).status_code == 404
    assert client.post(f"/targets/{own.pk}/hand-down/manual/", {}).status_code == 404
    assert Target.objects.count() == 2


def test_a_leader_is_offered_no_form_and_is_refused(client, city_target):
    from diaodu.testing import make_user

    client.force_login(make_user("leader", role="leader", region_code="610900"))
    page = client.get(f"/regions/610900/targets/?period={AUG}").content.decode()
    assert "逐一填报" not in page
    response = hand_down(client, city_target)
    assert "只能查看目标" in client.get(response.url).content.decode()
    assert Target.objects.count() == 1


def test_a_growth_targets_parts_are_checked_against_last_years_bases(client, city_analyst):
    growth = Target.objects.create(
        region=region("610900"), year=2026, indicator="规上工业总产值", kind="growth", value=6
    )
    client.force_login(city_analyst)
    response = hand_down(client, growth)
    page = response.content.decode()
    # No county has figures of 2025: the service says whose base is missing.
    assert response.status_code == 400 and "缺少2025年全年基数：汉滨区" in page
    assert Target.objects.count() == 1

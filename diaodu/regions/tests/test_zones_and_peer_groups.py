import pytest
from django.core.management import call_command

from diaodu.accounts.models import AuditEntry
from diaodu.regions.models import PeerGroup, Region
from diaodu.regions.selectors import descendant_ids
from diaodu.regions.services import RegionListError, add_zone, first_tier_size, set_peer_group

pytestmark = pytest.mark.django_db


def test_a_zone_is_added_under_a_city_and_counts_among_its_descendants():
    city = Region.objects.get(code="610900")
    zone = add_zone(parent=city, code="610971", name="安康高新技术产业开发区")
    assert zone.level == "zone" and not zone.is_official
    assert zone.id in descendant_ids(city)
    assert AuditEntry.objects.filter(action="add_zone", target_id="610971").exists()


def test_a_zone_code_already_used_by_an_official_region_is_refused():
    with pytest.raises(RegionListError, match="已被使用"):
        add_zone(parent=Region.objects.get(code="610900"), code="610902", name="冲突")


def test_a_zone_cannot_hang_under_a_province():
    with pytest.raises(RegionListError):
        add_zone(parent=Region.objects.get(code="610000"), code="610071", name="省级园区")


def test_the_first_tier_is_three_unless_a_peer_group_says_otherwise():
    province = Region.objects.get(code="610000")
    assert first_tier_size(province) == 3
    set_peer_group(parent=province, name="全省地级市", k=5)
    assert first_tier_size(province) == 5
    assert PeerGroup.objects.filter(parent=province).count() == 1


def test_the_cli_adds_a_zone(capsys):
    call_command("regions", "add-zone", "--parent", "610902", "--code", "610972", "--name", "园区")
    assert "已添加功能区" in capsys.readouterr().out
    assert Region.objects.get(code="610972").parent.code == "610902"

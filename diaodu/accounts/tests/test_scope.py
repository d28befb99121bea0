import pytest
from django.http import Http404

from diaodu.accounts.models import AuditEntry, Profile, Unit
from diaodu.accounts.services import create_user_with_role
from diaodu.enterprises.selectors import enterprises_for_user
from diaodu.regions.models import Region
from diaodu.regions.selectors import region_for_user
from diaodu.testing import make_enterprise

pytestmark = pytest.mark.django_db


def test_a_county_user_opens_its_county_but_not_the_city_nor_a_neighbour(county_user):
    assert region_for_user(county_user, "610902").name == "汉滨区"
    for code in ("610900", "610921", "999999"):
        with pytest.raises(Http404):
            region_for_user(county_user, code)


def test_a_city_analyst_opens_every_county_of_its_city_and_nothing_outside(city_analyst):
    assert region_for_user(city_analyst, "610921").name == "汉阴县"
    with pytest.raises(Http404):
        region_for_user(city_analyst, "610102")  # 西安市新城区


def test_a_responsible_units_user_reads_no_enterprise_books():
    city = Region.objects.get(code="610900")
    unit = Unit.objects.create(name="安康市发展和改革委员会", region=city)
    user = create_user_with_role(
        username="fgw", password="x-secret-1", role=Profile.Role.UNIT, region=city, unit=unit
    )
    make_enterprise(county="610902")
    assert not enterprises_for_user(user).exists()


def test_creating_a_user_is_audited_and_a_unit_user_needs_a_unit():
    city = Region.objects.get(code="610900")
    create_user_with_role(username="ld", password="x-secret-1", role="leader", region=city)
    assert AuditEntry.objects.get(action="create_user").after == {
        "role": "leader", "region": "610900", "unit": None,
    }  # fmt: skip
    with pytest.raises(ValueError, match="必须指定所属单位"):
        create_user_with_role(username="u", password="x-secret-1", role="unit", region=city)


def test_the_admin_is_for_superusers_only(client, city_analyst):
    city_analyst.is_staff = True
    city_analyst.save()
    client.force_login(city_analyst)
    assert client.get("/admin/").status_code == 302  # sent to the admin login

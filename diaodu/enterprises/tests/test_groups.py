import datetime as dt

import pytest

from diaodu.enterprises.models import EnterpriseGroup
from diaodu.enterprises.selectors import group_member_ids
from diaodu.enterprises.services import GroupError, add_to_group, end_group_membership
from diaodu.testing import make_enterprise

pytestmark = pytest.mark.django_db


def test_membership_counts_from_its_start_until_its_end():
    group = EnterpriseGroup.objects.create(name="高新技术企业", kind="high_tech")
    enterprise = make_enterprise()
    membership = add_to_group(group=group, enterprise=enterprise, start_date=dt.date(2024, 3, 1))
    end_group_membership(membership=membership, end_date=dt.date(2024, 12, 31))

    assert group_member_ids(group, dt.date(2024, 2, 29)) == set()
    assert group_member_ids(group, dt.date(2024, 8, 31)) == {enterprise.id}
    assert group_member_ids(group, dt.date(2025, 1, 31)) == set()


def test_an_enterprise_is_not_entered_twice_in_an_open_group():
    group = EnterpriseGroup.objects.create(name="白名单", kind="whitelist")
    enterprise = make_enterprise()
    add_to_group(group=group, enterprise=enterprise, start_date=dt.date(2024, 1, 1))
    with pytest.raises(GroupError, match="已在“白名单”中"):
        add_to_group(group=group, enterprise=enterprise, start_date=dt.date(2024, 6, 1))


def test_a_membership_cannot_end_before_it_started():
    group = EnterpriseGroup.objects.create(name="专精特新", kind="specialized")
    membership = add_to_group(
        group=group, enterprise=make_enterprise(), start_date=dt.date(2024, 5, 1), tier="省级"
    )
    with pytest.raises(GroupError):
        end_group_membership(membership=membership, end_date=dt.date(2024, 4, 30))

"""add_liaison_note: who may record a visit or a call, what is refused, and the audit row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from diaodu.accounts.models import AuditEntry
from diaodu.enterprises.models import LiaisonNote
from diaodu.enterprises.selectors import liaison_notes
from diaodu.enterprises.services import LiaisonNoteError, add_liaison_note
from diaodu.testing import make_enterprise, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def note(enterprise, by, **fields):
    values = {"on": TODAY, "kind": "visit", "content": "企业反映订单下滑", **fields}
    return add_liaison_note(enterprise=enterprise, by=by, **values)


def test_a_county_user_records_a_visit_to_its_own_enterprise_and_it_is_audited(county_user):
    plant = make_enterprise(county="610902", name="汉滨甲厂")
    saved = note(plant, county_user, content="  企业反映订单下滑  ", follow_up=True)
    assert (saved.user, saved.kind, saved.content, saved.follow_up) == (
        county_user,
        "visit",
        "企业反映订单下滑",
        True,
    )
    entry = AuditEntry.objects.get(action="add_liaison_note")
    assert entry.actor == county_user and entry.target_id == str(saved.pk)
    assert entry.after["uscc"] == plant.uscc and entry.after["content"] == "企业反映订单下滑"
    assert "汉滨甲厂" in entry.summary


def test_a_county_user_cannot_record_a_note_for_another_countys_enterprise(county_user):
    other = make_enterprise(county="610921")
    with pytest.raises(PermissionError):
        note(other, county_user)
    assert not LiaisonNote.objects.exists()
    assert not AuditEntry.objects.filter(action="add_liaison_note").exists()


def test_a_leader_reads_notes_but_cannot_record_one(db):
    leader = make_user("leader", role="leader", region_code="610900")
    with pytest.raises(PermissionError):
        note(make_enterprise(county="610902"), leader)
    assert not LiaisonNote.objects.exists()


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"content": "   "}, "请填写走访或联系的内容"),
        ({"kind": "letter"}, "联系方式应为：走访、电话、座谈、其他"),
        ({"on": TODAY + dt.timedelta(days=1)}, "日期不能晚于今天"),
        ({"content": "长" * 2001}, "内容不能超过2000字"),
    ],
)
def test_a_bad_note_is_refused_in_chinese_and_nothing_is_written(city_analyst, fields, said):
    with pytest.raises(LiaisonNoteError, match=said):
        note(make_enterprise(county="610902"), city_analyst, **fields)
    assert not LiaisonNote.objects.exists()
    assert not AuditEntry.objects.filter(action="add_liaison_note").exists()


def test_notes_are_read_newest_first(city_analyst):
    plant = make_enterprise(county="610902")
    old = note(plant, city_analyst, on=TODAY - dt.timedelta(days=30), content="上月走访")
    new = note(plant, city_analyst, kind="call", content="电话回访")
    same_day = note(plant, city_analyst, kind="forum", content="座谈")
    assert list(liaison_notes(plant)) == [same_day, new, old]


def test_the_admin_lists_notes_but_never_adds_changes_or_deletes_one(client, county_user):
    from django.contrib.auth import get_user_model

    saved = note(make_enterprise(county="610902", name="汉滨甲厂"), county_user)
    client.force_login(get_user_model().objects.create_superuser("root", password="x-1234"))
    listed = client.get("/admin/enterprises/liaisonnote/")
    assert listed.status_code == 200 and "汉滨甲厂" in listed.content.decode()
    assert client.get("/admin/enterprises/liaisonnote/add/").status_code == 403
    assert client.post(f"/admin/enterprises/liaisonnote/{saved.pk}/delete/").status_code == 403
    assert LiaisonNote.objects.filter(pk=saved.pk).exists()

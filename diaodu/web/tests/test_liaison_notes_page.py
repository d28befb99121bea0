"""走访联系记录 on the enterprise page: the list newest first, the form for city staff and
the county's bureau, a leader reading only, and another county's enterprise 404 — to read
and to post."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from diaodu.accounts.models import AuditEntry
from diaodu.enterprises.models import LiaisonNote
from diaodu.enterprises.services import add_liaison_note
from diaodu.web.tests.markup import form_ids, table_rows, unlabelled_fields

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def form(**fields):
    values = {"on": TODAY.isoformat(), "kind": "visit", "content": "企业反映订单下滑"}
    values.update(fields)
    return {f"note-{key}": value for key, value in values.items()}


def test_a_county_user_adds_a_visit_and_sees_it_listed_first(client, world):
    add_liaison_note(
        enterprise=world.jia,
        on=TODAY - dt.timedelta(days=7),
        kind="call",
        content="电话了解用工情况",
        by=world.analyst,
    )
    client.force_login(world.hanbin)
    url = f"/enterprises/{world.jia.uscc}/"
    response = client.post(url + "notes/", form(content="走访了解订单情况", follow_up="on"))
    assert response.status_code == 302 and response.url == url + "#notes-title"
    page = client.get(url).content.decode()
    assert f"已添加走访记录（{TODAY.isoformat()}）" in page
    rows = table_rows(page, "table-notes")
    assert [row[:4] for row in rows] == [
        [TODAY.isoformat(), "走访", "走访了解订单情况", "需要跟进"],
        [(TODAY - dt.timedelta(days=7)).isoformat(), "电话", "电话了解用工情况", "—"],
    ]
    assert rows[0][4] == "hanbin（县区用户）"
    assert AuditEntry.objects.filter(action="add_liaison_note", actor=world.hanbin).count() == 1


def test_another_countys_enterprise_is_404_to_read_and_to_post(client, world):
    add_liaison_note(
        enterprise=world.yi, on=TODAY, kind="visit", content="汉阴的记录", by=world.analyst
    )
    client.force_login(world.hanbin)
    assert client.get(f"/enterprises/{world.yi.uscc}/").status_code == 404
    assert client.post(f"/enterprises/{world.yi.uscc}/notes/", form()).status_code == 404
    assert LiaisonNote.objects.count() == 1
    # Nor does its own enterprise's page show a neighbour's note.
    assert "汉阴的记录" not in client.get(f"/enterprises/{world.jia.uscc}/").content.decode()


def test_a_bad_note_is_handed_back_with_the_fields_named_and_nothing_saved(client, world):
    client.force_login(world.analyst)
    response = client.post(
        f"/enterprises/{world.jia.uscc}/notes/", form(content="", on="明天", kind="")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "请填写走访或联系的内容" in page and "日期格式不正确" in page and "请选择方式" in page
    assert not LiaisonNote.objects.exists()


def test_a_future_date_is_refused_in_the_services_words(client, world):
    client.force_login(world.analyst)
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    response = client.post(f"/enterprises/{world.jia.uscc}/notes/", form(on=tomorrow))
    assert response.status_code == 400 and "日期不能晚于今天" in response.content.decode()
    assert not LiaisonNote.objects.exists()


def test_a_leader_reads_the_notes_but_is_offered_no_form_and_cannot_post(client, world):
    add_liaison_note(
        enterprise=world.jia, on=TODAY, kind="forum", content="座谈会记录", by=world.analyst
    )
    client.force_login(world.leader)
    page = client.get(f"/enterprises/{world.jia.uscc}/").content.decode()
    assert "座谈会记录" in page and "form-note" not in page
    response = client.post(f"/enterprises/{world.jia.uscc}/notes/", form())
    assert "只能查看走访联系记录" in client.get(response.url).content.decode()
    assert LiaisonNote.objects.count() == 1


def test_a_unit_reads_no_enterprise_notes(client, world):
    client.force_login(world.unit_user)
    assert client.get(f"/enterprises/{world.jia.uscc}/").status_code == 404
    assert client.post(f"/enterprises/{world.jia.uscc}/notes/", form()).status_code == 404
    assert not LiaisonNote.objects.exists()


def test_every_field_of_the_note_form_has_a_label(client, world):
    client.force_login(world.hanbin)
    page = client.get(f"/enterprises/{world.jia.uscc}/").content.decode()
    assert form_ids(page) == ["form-note"]
    assert unlabelled_fields(page) == []
    assert re.search(r'<label for="id_note-content">内容（[^<]*）：</label>', page)

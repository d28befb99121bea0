"""Issued means frozen: the document stays, the revisions show what moved since."""

import pytest
from django.db.models import F

from diaodu.core.periods import Period
from diaodu.enterprises.models import MonthlyFact
from diaodu.reports.issue import issue_bulletin, revisions
from diaodu.testing import make_user, region

AUGUST = Period(2026, 8)


def test_a_reimport_after_issue_changes_nothing_issued_and_shows_the_revisions(city):
    analyst = make_user("clerk", role="city_analyst", region_code="610900")
    issued = issue_bulletin(region("610900"), AUGUST, by=analyst)
    document = bytes(issued.document)
    assert issued.version == 1 and revisions(issued) == []
    # A corrected file: 甲's 1—8月 130000 → 140000万元. The city: 275000 against 250000,
    # +10 % instead of +6 %; 汉滨 180000 against 150000, +20 % instead of +13.33 %.
    MonthlyFact.objects.filter(enterprise=city["甲"], period=202608).update(
        output_ytd=F("output_ytd") + 10_000 * 1_000_000
    )
    issued.refresh_from_db()
    assert bytes(issued.document) == document
    found = {r.what: r for r in revisions(issued)}
    growth = found["安康市 累计增速（%）"]
    assert (round(growth.issued, 6), round(growth.now, 6), round(growth.difference, 6)) == (
        6.0,
        10.0,
        4.0,
    )
    assert found["安康市 累计产值（万元）"].difference == 10_000
    assert round(found["汉滨区 累计增速（%）"].now, 6) == 20.0
    again = issue_bulletin(region("610900"), AUGUST, by=analyst, note="更正甲厂数据")
    assert again.version == 2 and revisions(again) == []


def test_who_may_issue_and_see(client, city):
    leader = make_user("boss", role="leader", region_code="610900")
    county = make_user("hanyin", role="county_user", region_code="610921")
    with pytest.raises(PermissionError):
        issue_bulletin(region("610900"), AUGUST, by=leader)
    analyst = make_user("clerk", role="city_analyst", region_code="610900")
    issued = issue_bulletin(region("610900"), AUGUST, by=analyst)
    client.force_login(county)
    assert client.get(f"/api/v1/bulletins/{issued.pk}/document.docx").status_code == 404
    client.force_login(leader)
    answer = client.get(f"/api/v1/bulletins/{issued.pk}/document.docx")
    assert answer.status_code == 200 and answer.content == bytes(issued.document)
    refused = client.post(
        "/api/v1/regions/610900/bulletins?period=2026-08", {}, content_type="application/json"
    )
    assert refused.status_code == 403

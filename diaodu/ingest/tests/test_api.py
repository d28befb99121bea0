import pytest

from diaodu.enterprises.models import MonthlyFact
from diaodu.ingest.tests.files import HEADER, enterprise_row, write_xlsx
from diaodu.testing import make_user

pytestmark = pytest.mark.django_db


def upload(client, path, **data):
    with path.open("rb") as handle:
        return client.post("/api/v1/imports/monthly", {"file": handle, **data})


def test_a_city_analyst_uploads_a_file_and_gets_the_report(client, city_analyst, tmp_path):
    client.force_login(city_analyst)
    response = upload(
        client, write_xlsx(tmp_path / "8月.xlsx", [HEADER, enterprise_row()]), period="2024-08"
    )
    assert response.status_code == 201
    assert response.json()["batch"]["report"]["created_enterprises"] == 1


def test_a_bad_file_gives_400_with_every_bad_cell(client, city_analyst, tmp_path):
    client.force_login(city_analyst)
    path = write_xlsx(tmp_path / "bad.xlsx", [HEADER, enterprise_row(month="x")])
    body = upload(client, path, period="2024-08").json()
    assert body["ok"] is False
    assert body["errors"] == [
        {"row": 3, "column": "工业总产值本月（万元）", "value": "x", "message": "不是数字"}
    ]


def test_a_county_user_cannot_import_another_countys_rows(client, county_user, tmp_path):
    client.force_login(county_user)
    rows = [HEADER, enterprise_row(county="610902"), enterprise_row(county="610921")]
    response = upload(client, write_xlsx(tmp_path / "x.xlsx", rows), period="2024-08")
    assert response.status_code == 400
    assert response.json()["errors"][0]["value"] == "610921"
    assert not MonthlyFact.objects.exists()


def test_a_leader_cannot_import(client, tmp_path):
    client.force_login(make_user("ld", role="leader", region_code="610900"))
    assert (
        upload(
            client, write_xlsx(tmp_path / "l.xlsx", [HEADER, enterprise_row()]), period="2024-08"
        ).status_code
        == 403
    )


def test_a_county_user_sees_only_batches_of_its_county(client, city_analyst, county_user, tmp_path):
    client.force_login(city_analyst)
    batch = upload(
        client,
        write_xlsx(tmp_path / "y.xlsx", [HEADER, enterprise_row(county="610921")]),
        period="2024-08",
    ).json()["batch"]
    client.force_login(county_user)
    assert client.get("/api/v1/imports").json() == []
    assert client.get(f"/api/v1/imports/{batch['id']}").status_code == 404


def test_a_batch_is_rolled_back_through_the_api(client, city_analyst, tmp_path):
    client.force_login(city_analyst)
    batch = upload(
        client, write_xlsx(tmp_path / "z.xlsx", [HEADER, enterprise_row()]), period="2024-08"
    ).json()["batch"]
    response = client.post(f"/api/v1/imports/{batch['id']}/rollback")
    assert response.status_code == 200 and response.json()["status"] == "rolled_back"
    assert not MonthlyFact.objects.exists()


def test_a_refused_file_from_the_command_line_is_shown_within_the_region_of_its_rows(
    client, city_analyst, county_user, tmp_path
):
    """No user imported it (the command line), so the counties its rows name decide who
    reads its errors: the city and Hanbin for a Hanbin file, not Hanyin; a file with a
    row whose county cannot be read stays with nation-level users alone."""
    from diaodu.ingest.selectors import batches_for_user
    from diaodu.ingest.services import import_monthly

    hanyin_user = make_user("hanyin", role="county_user", region_code="610921")
    bad = enterprise_row(county="610902", month="十")  # Hanbin, with a bad amount
    hanbin_file = write_xlsx(tmp_path / "a.xlsx", [HEADER, enterprise_row(), bad])
    refused = import_monthly(hanbin_file, period="2024-08").batch
    assert refused is not None and refused.status == "rejected" and refused.user is None
    unknown = write_xlsx(tmp_path / "b.xlsx", [HEADER, enterprise_row(county="619999")])
    unplaced = import_monthly(unknown, period="2024-08").batch
    assert unplaced is not None and unplaced.status == "rejected"

    def seen_by(user) -> set[int]:
        return set(batches_for_user(user).values_list("pk", flat=True))

    assert seen_by(city_analyst) == seen_by(county_user) == {refused.pk}
    assert seen_by(hanyin_user) == set()
    client.force_login(county_user)
    errors = client.get(f"/api/v1/imports/{refused.pk}").json()["report"]["errors"]
    assert [(e["row"], e["value"]) for e in errors] == [(4, "十")]

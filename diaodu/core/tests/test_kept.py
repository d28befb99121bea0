"""Answers kept across readings while the data stays the same (core.memo.per_data_version):
with real commits, because the suite's usual test runs inside one transaction, where
nothing is shared."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from diaodu.core import memo
from diaodu.core.memo import one_reading, per_data_version
from diaodu.enterprises.models import MonthlyFact
from diaodu.testing import make_enterprise, make_fact, make_user

pytestmark = pytest.mark.django_db(transaction=True)

KEPT: list[str] = []


@per_data_version
def facts_counted() -> list[int]:
    """A figure of the database; a list, so that a caller could change it."""
    KEPT.append("computed")
    return [MonthlyFact.objects.count()]


def token() -> str | None:
    """The data version's token as the database holds it now (no reading's memo)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM core_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


@contextmanager
def in_another_process() -> Iterator[None]:
    """Writes made in the block leave this process's kept answers as they were, as a
    write made by another process (a gunicorn worker, `diaodu import`) does: only the
    data version's token can tell this process that its answers are out of date."""
    with memo._shelf.lock:
        saved, size = memo._shelf.entries.copy(), memo._shelf.size
    yield
    with memo._shelf.lock:
        memo._shelf.entries, memo._shelf.size = saved, size


def one_fact() -> None:
    enterprise = make_enterprise(county="610902", industry="1311")
    make_fact(enterprise, "2024-08", month="10", ytd="110", month_prior="10", ytd_prior="100")


@pytest.fixture
def committed():
    """Real commits (the suite's usual test runs inside one transaction, where nothing
    is shared), and an empty shelf."""
    memo._shelf.clear()
    KEPT.clear()
    one_fact()  # a committed write: the token exists
    yield
    memo._shelf.clear()


# Each test here reloads the shipped regions after its commits (seconds on PostgreSQL), so
# the cases are grouped in few tests.


def test_an_answer_is_kept_across_readings_as_a_copy_for_five_minutes(committed, monkeypatch):
    with one_reading():
        assert facts_counted() == [1]
        facts_counted().append(99)  # a careless caller changes its answer
    with one_reading():
        assert facts_counted() == [1]  # another request: from the shelf, its own copy
    assert len(KEPT) == 1
    facts_counted()  # a command outside any reading computes
    assert len(KEPT) == 2
    # Writes made outside Django (psql) are not seen: kept answers expire.
    clock = memo.time.monotonic() + memo.KEPT_SECONDS + 1
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock)
    with one_reading():
        facts_counted()
    assert len(KEPT) == 3


def test_a_write_committed_by_another_process_is_seen_at_the_next_reading(committed, tmp_path):
    from diaodu.ingest.services import import_monthly, rollback_batch
    from diaodu.proof.files import write_monthly_csv

    def raw_sql() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE enterprises_monthlyfact SET output_ytd = output_ytd + 1")

    def imported() -> None:
        path = write_monthly_csv(tmp_path / "9月.csv", rows=3, counties=["610902"])
        result = import_monthly(path, period="2024-09")
        assert result.ok, result.report
        batches.append(result.batch)

    batches: list = []
    writes = [
        ("orm", one_fact, 2),
        ("raw sql", raw_sql, 2),
        (
            "a queryset's update, which sends no signal",
            lambda: MonthlyFact.objects.update(output_ytd=F("output_ytd") + 1),
            2,
        ),
        ("import", imported, 5),
        ("rollback", lambda: rollback_batch(batch=batches[0]), 2),
        ("a queryset's delete", lambda: MonthlyFact.objects.all().delete(), 0),
    ]
    for how, write, expected in writes:
        with one_reading():
            facts_counted()  # kept before the write
        before = token()
        with in_another_process():
            write()
        assert token() != before, how
        with one_reading():
            assert facts_counted() == [expected], how


def test_the_token_changes_when_the_write_is_committed_and_nothing_is_shared_before(committed):
    before = token()
    with transaction.atomic():
        one_fact()
        # Other processes must not file new answers before the data is theirs to read:
        # PostgreSQL writes the token after the commit; SQLite inside the transaction,
        # which shows it to others exactly when it shows them the data.
        assert (token() == before) is (connection.vendor == "postgresql")
        for _ in range(2):  # a transaction sees its own uncommitted writes: not shared
            with one_reading():
                assert facts_counted() == [2]
    assert len(KEPT) == 2
    assert token() != before
    after = token()
    with pytest.raises(RuntimeError), transaction.atomic():
        one_fact()
        raise RuntimeError("rolled back")
    assert token() == after  # nothing was written: every kept answer still holds


def test_logins_do_not_change_the_token_and_the_pages_see_an_import_elsewhere(committed, client):
    make_user("analyst", role="city_analyst", region_code="610900")
    before = token()
    client.login(username="wrong", password="nope")  # a failed login is recorded
    Session.objects.create(session_key="k" * 32, session_data="", expire_date=timezone.now())
    assert token() == before
    client.login(username="analyst", password="pass-1234")
    url = "/api/v1/regions/610900/summary?period=2024-08"
    assert client.get(url).json()["enterprises"] == 1
    assert client.get(url).json()["enterprises"] == 1  # kept
    with in_another_process():
        one_fact()
    assert client.get(url).json()["enterprises"] == 2

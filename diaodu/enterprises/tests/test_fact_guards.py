"""PostgreSQL refuses to delete an enterprise, a region or a batch that monthly facts
still name (enterprises migration 0008): the facts' columns carry no foreign-key
constraint, so these triggers are what keeps a fact from pointing at nothing when a
row is deleted by SQL, past Django's PROTECT, or while an import is in flight. SQLite
has one writer at a time and no such triggers (its flush deletes table by table)."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from diaodu.enterprises.models import Enterprise, MonthlyFact, MonthlyFactHistory
from diaodu.ingest.models import ImportBatch
from diaodu.ingest.services import _COLUMN_LIST, _lock_facts
from diaodu.regions.models import Region
from diaodu.testing import make_batch, make_enterprise, make_fact

NAMED = [
    ("enterprises_enterprise", "enterprise_id", Enterprise),
    ("regions_region", "county_id", Region),
    ("ingest_importbatch", "batch_id", ImportBatch),
]


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the delete guards are PostgreSQL's"
)


def one_fact() -> MonthlyFact:
    enterprise = make_enterprise(county="610902", industry="1311")
    return make_fact(enterprise, "2024-08", month="10", ytd="80", month_prior="9", ytd_prior="70")


def delete_by_sql(table: str, row_id: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [row_id])


def move_to_history(fact: MonthlyFact) -> None:
    """As a re-import does: the fact leaves the current table for the history."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO enterprises_monthlyfacthistory ({_COLUMN_LIST}, replaced_by_id,"
            f" replaced_at) SELECT {_COLUMN_LIST}, batch_id, %s FROM enterprises_monthlyfact"
            " WHERE id = %s",
            [timezone.now(), fact.pk],
        )
        cursor.execute("DELETE FROM enterprises_monthlyfact WHERE id = %s", [fact.pk])


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize(("table", "column", "model"), NAMED)
def test_a_row_facts_name_cannot_be_deleted_by_sql(table, column, model):
    fact = one_fact()
    row_id = getattr(fact, column)
    with pytest.raises(IntegrityError, match="企业月度数据仍引用此"):
        delete_by_sql(table, row_id)
    assert model.objects.filter(pk=row_id).exists()


@postgresql_only
@pytest.mark.django_db
def test_a_fact_in_the_history_keeps_its_enterprise_too():
    fact = one_fact()
    move_to_history(fact)
    assert not MonthlyFact.objects.exists() and MonthlyFactHistory.objects.count() == 1
    with pytest.raises(IntegrityError, match="企业月度数据仍引用此企业"):
        delete_by_sql("enterprises_enterprise", fact.enterprise_id)


@pytest.mark.django_db
def test_rows_no_fact_names_are_deleted_as_before():
    one_fact()
    lonely, batch = make_enterprise(county="610902"), make_batch("2024-09")
    delete_by_sql("enterprises_enterprise", lonely.pk)
    delete_by_sql("ingest_importbatch", batch.pk)
    assert not Enterprise.objects.filter(pk=lonely.pk).exists()
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()


def _waiting_on_facts() -> int:
    """Sessions waiting for a lock on the fact table (PostgreSQL's lock view)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted"
            " AND relation = 'enterprises_monthlyfact'::regclass"
        )
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_delete_waits_for_an_import_in_flight_and_is_then_refused():
    """An import's facts are invisible to others until it commits, so a delete checking
    for them at once would find none and leave the import's facts pointing at nothing.
    The delete waits for the import's lock on the fact table instead, then sees them."""
    enterprise = make_enterprise(county="610902")  # committed, no facts yet
    outcome: list[str] = []

    def delete() -> None:
        try:
            delete_by_sql("enterprises_enterprise", enterprise.pk)
            outcome.append("deleted")
        except IntegrityError as refused:
            outcome.append(str(refused))
        finally:
            connection.close()

    deleter = threading.Thread(target=delete)
    with transaction.atomic():  # the import
        _lock_facts()
        make_fact(enterprise, "2024-08", month="1", ytd="8", month_prior="1", ytd_prior="7")
        deleter.start()
        deadline = time.monotonic() + 10
        while _waiting_on_facts() == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _waiting_on_facts() == 1, "the delete should wait for the import's lock"
    deleter.join(timeout=10)
    assert outcome and "企业月度数据仍引用此企业" in outcome[0]
    assert Enterprise.objects.filter(pk=enterprise.pk).exists()

from pathlib import Path

import pytest

from diaodu.testing import make_user

# Pictures and files a person looks at after a run (rendered bulletin pages, browser
# screenshots); outside the package, ignored by git.
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """A transactional test flushes every table afterwards, the shipped regions and
    industries too; load them again (only if missing) before each such test."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from diaodu.regions.services import load_reference_data

        load_reference_data()
        from diaodu.appeals.defaults import ship_defaults
        from diaodu.appeals.models import Category, TimeLimit

        ship_defaults(Category, TimeLimit)
        from diaodu.warnings.defaults import ship_defaults as ship_rules
        from diaodu.warnings.models import Rule

        ship_rules(Rule)


@pytest.fixture
def city_analyst(db):
    """An analyst of 安康市 (610900), a real city of the shipped list with ten counties."""
    return make_user("analyst", role="city_analyst", region_code="610900")


@pytest.fixture
def county_user(db):
    """A user of 汉滨区 (610902), one of 安康's counties."""
    return make_user("hanbin", role="county_user", region_code="610902")


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

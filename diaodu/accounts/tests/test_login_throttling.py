import pytest
from django.contrib.auth import authenticate
from django.test import override_settings

from diaodu.accounts.models import LoginFailure

pytestmark = pytest.mark.django_db


@override_settings(DIAODU_LOGIN_MAX_FAILURES=3)
def test_after_three_failures_even_the_right_password_waits(rf, county_user):
    request = rf.post("/login/", REMOTE_ADDR="10.0.0.8")
    for _ in range(3):
        assert authenticate(request, username="hanbin", password="wrong") is None
    assert authenticate(request, username="hanbin", password="pass-1234") is None
    assert LoginFailure.objects.filter(username="hanbin").count() == 3


@override_settings(DIAODU_LOGIN_MAX_FAILURES=3)
def test_one_address_guessing_many_names_is_throttled_too(rf, county_user):
    request = rf.post("/login/", REMOTE_ADDR="10.0.0.9")
    for name in ("a", "b", "c"):
        authenticate(request, username=name, password="x")
    assert authenticate(request, username="hanbin", password="pass-1234") is None


@override_settings(DIAODU_LOGIN_MAX_FAILURES=3)
def test_a_success_before_the_limit_clears_the_failures(rf, county_user):
    request = rf.post("/login/", REMOTE_ADDR="10.0.0.10")
    authenticate(request, username="hanbin", password="wrong")
    assert authenticate(request, username="hanbin", password="pass-1234") == county_user
    assert not LoginFailure.objects.filter(username="hanbin").exists()


@override_settings(DIAODU_LOGIN_MAX_FAILURES=3, DIAODU_LOGIN_LOCK_SECONDS=0)
def test_the_wait_ends(rf, county_user):
    request = rf.post("/login/", REMOTE_ADDR="10.0.0.11")
    for _ in range(3):
        authenticate(request, username="hanbin", password="wrong")
    assert authenticate(request, username="hanbin", password="pass-1234") == county_user

"""Login with throttling: after too many failures a name (or an address) waits.

The check sits in the authentication backend so that every way in — the login page,
the admin, the API's session login — is throttled the same."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from diaodu.accounts.models import LoginFailure


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def is_locked(*, username: str, address: str | None, now: dt.datetime) -> bool:
    since = now - dt.timedelta(seconds=settings.DIAODU_LOGIN_LOCK_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    by_name = recent.filter(username=username).count()
    by_address = recent.filter(address=address).count() if address else 0
    return max(by_name, by_address) >= settings.DIAODU_LOGIN_MAX_FAILURES


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            return None
        address = client_address(request)
        if is_locked(username=username, address=address, now=timezone.now()):
            raise PermissionDenied("登录失败次数过多，请稍后再试")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            LoginFailure.objects.create(username=username, address=address)
        else:
            LoginFailure.objects.filter(Q(username=username)).delete()
        return user

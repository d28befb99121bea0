"""Figures read once per reading: a memo that lives for one page, one API answer or one
bulletin, and nowhere else.

A dashboard asks for the same region's indicators from its cards and from its targets,
and for the region tree from every panel; a bulletin asks for the same month's summary
from several sections. Within one reading the data does not change, so the second ask
can have the first answer. Nothing outlives the reading: the next request reads the
database again, so an import is seen at once and no figure is ever served stale.

A reading is opened by `RequestMemoMiddleware` for GET and HEAD requests (they write
nothing) and by `one_reading()` around a read-only computation (the bulletin, the
brief). Any model save or delete inside a reading forgets everything remembered, in
case a read path ever writes. Outside a reading `@per_reading` functions simply run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

P = ParamSpec("P")
R = TypeVar("R")

_memo: ContextVar[dict[tuple, Any] | None] = ContextVar("diaodu_reading", default=None)


@contextmanager
def one_reading() -> Iterator[None]:
    """Remember `@per_reading` answers inside the block (nested blocks share the outer one)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def per_reading(function: Callable[P, R]) -> Callable[P, R]:
    """Answer a repeated call inside a reading from memory.

    Only for functions of the database and hashable arguments (model instances hash by
    primary key) whose answers callers do not change: return tuples, frozen dataclasses
    or fresh copies."""

    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _memo.get()
        if memo is None:
            return function(*args, **kwargs)
        key = _key(name, args, kwargs)
        try:
            return memo[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable argument: not remembered
            return function(*args, **kwargs)
        answer = function(*args, **kwargs)
        memo[key] = answer
        return answer

    remembered.memo_name = name  # type: ignore[attr-defined]
    return remembered


def _key(name: str, args: tuple, kwargs: dict[str, Any]) -> tuple:
    return (name, args, tuple(sorted(kwargs.items())))


def remember(function: Callable[..., R], answer: R, *args: Any, **kwargs: Any) -> None:
    """Give a `@per_reading` function its answer for these arguments in advance (several
    regions summed in one grouped query); nothing happens outside a reading."""
    memo = _memo.get()
    if memo is not None:
        memo[_key(function.memo_name, args, kwargs)] = answer  # type: ignore[attr-defined]


def forget(**_signal: Any) -> None:
    """A write inside a reading: what was remembered may be out of date."""
    memo = _memo.get()
    if memo:
        memo.clear()


post_save.connect(forget, dispatch_uid="diaodu.core.memo.post_save")
post_delete.connect(forget, dispatch_uid="diaodu.core.memo.post_delete")
m2m_changed.connect(forget, dispatch_uid="diaodu.core.memo.m2m_changed")


class RequestMemoMiddleware:
    """Every GET or HEAD request is one reading."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with one_reading():
            return self.get_response(request)

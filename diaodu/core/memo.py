"""Figures read once per reading: a memo that lives for one page, one API answer or one
bulletin, and nowhere else.

A dashboard asks for the same region's indicators from its cards and from its targets,
and for the region tree from every panel; a bulletin asks for the same month's summary
from several sections. Within one reading the data does not change, so the second ask
can have the first answer. Nothing outlives the reading: the next request reads the
database again, so an import is seen at once and no figure is ever served stale.

A reading is opened by `RequestMemoMiddleware` for GET and HEAD requests (they write
nothing) and by `one_reading()` around a read-only computation (the bulletin, the
brief). Any write inside a reading (seen by `watch_writes`, below) forgets everything
remembered, in case a read path ever writes. Outside a reading `@per_reading` functions simply run.

Across readings, `@per_data_version` functions also keep their answers in the process
while the data stays the same: under the data version's token (core.models.DataVersion),
which is replaced after every committed write. Writes are seen where they happen, not
where someone remembered to announce them: every statement Django sends passes
`watch_writes`, and anything but a read (INSERT, UPDATE, DELETE, DDL…) on any table but
sessions, login failures and the version itself replaces the token once the transaction
commits (at once in autocommit; on SQLite also inside the transaction, which holds the
database's only write lock anyway, so data and token are seen together). The token is
read as a reading opens, before anything else, so an answer is never filed under a token
newer than its data or its arguments; a random token never comes back, so even a restored
backup cannot meet answers of other data. Inside a transaction nothing is shared (its
own uncommitted writes, or a test's, are not everyone's data). Answers are kept pickled,
so every reading gets its own copy, and for five minutes at most, a bound for writes made
outside Django (psql, a crash between commit and the new token).
"""

from __future__ import annotations

import functools
import logging
import pickle
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)
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
        # The data version first, before the view reads anything (a region, an
        # indicator) that a kept answer could carry: see the module's note.
        data_token()
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


def _forget() -> None:
    """A write inside a reading: what was remembered may be out of date."""
    memo = _memo.get()
    if memo:
        memo.clear()


# --- across readings -------------------------------------------------------------------

VERSION_TABLE = "core_dataversion"
# Tables whose writes change no figure: a login, a failed password, the version itself.
UNWATCHED = frozenset({VERSION_TABLE, "django_session", "accounts_loginfailure"})
KEPT_SECONDS = 300
KEPT_BYTES = 64 * 2**20
_READS = re.compile(
    r"\s*(SELECT|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|EXPLAIN)\b", re.I
)
_TARGET = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)', re.I)


class _Shelf:
    """Pickled answers by (function, arguments, token, day), least recently used out first."""

    def __init__(self) -> None:
        self.entries: OrderedDict[tuple, tuple[float, bytes]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            if time.monotonic() - found[0] > KEPT_SECONDS:
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return found[1]

    def put(self, key: tuple, answer: bytes) -> None:
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (time.monotonic(), answer)
            self.size += len(answer)
            while self.size > KEPT_BYTES and self.entries:
                self._drop(next(iter(self.entries)))

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _drop(self, key: tuple) -> None:
        self.size -= len(self.entries.pop(key)[1])


_shelf = _Shelf()


def per_data_version(function: Callable[P, R]) -> Callable[P, R]:
    """`@per_reading`, and kept across readings while no write has been committed.

    For functions of the database, the arguments and the day only, with hashable
    arguments; the answer must pickle."""

    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def kept(*args: P.args, **kwargs: P.kwargs) -> R:
        key = _shelf_key(name, args, kwargs)
        if key is None:
            return function(*args, **kwargs)
        found = _shelf.get(key)
        if found is not None:
            return pickle.loads(found)
        answer = function(*args, **kwargs)
        _shelf.put(key, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        return answer

    return per_reading(kept)


def _shelf_key(name: str, args: tuple, kwargs: dict[str, Any]) -> tuple | None:
    """The shelf's key now, or None where nothing may be shared: outside a reading, inside
    a transaction, before the first write made a token, or with unhashable arguments."""
    if _memo.get() is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    token = data_token()
    if token is None:
        return None
    key = (*_key(name, args, kwargs), token, timezone.localdate())
    try:
        hash(key)
    except TypeError:
        return None
    return key


@per_reading
def data_token() -> str | None:
    """The data version's token, read as a reading opens (one small query a request)."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(f"SELECT token FROM {VERSION_TABLE} WHERE id = 1")
            row = cursor.fetchone()
    except DatabaseError:  # not migrated yet: nothing is shared
        return None
    return row[0] if row else None


def data_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Something was written: this process forgets its kept answers (and the reading's)
    now, and the token is replaced when the write is committed (other processes see the
    write from then on).
    `watch_writes` calls this for every statement; call it yourself only for writes that
    bypass Django's cursor (PostgreSQL's COPY)."""
    _forget()
    _shelf.clear()
    connection = connections[using]
    if not connection.in_atomic_block:
        _new_token(using)
        return
    replace = _replacers.setdefault(using, functools.partial(_new_token, using))
    if not any(item[1] is replace for item in connection.run_on_commit):
        if connection.vendor == "sqlite":
            # The transaction holds SQLite's one write lock already: a token written inside
            # it costs no waiting and is seen exactly when the data is. After the commit
            # alone, it could wait behind the next writer's transaction (another import)
            # while readers served answers from before this one.
            _new_token(using)
        transaction.on_commit(replace, using=using, robust=True)


_replacers: dict[str, Callable[[], None]] = {}


def _new_token(using: str) -> None:
    token = secrets.token_hex(16)
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(f"UPDATE {VERSION_TABLE} SET token = %s WHERE id = 1", [token])
            if cursor.rowcount == 0:
                cursor.execute(f"INSERT INTO {VERSION_TABLE} (id, token) VALUES (1, %s)", [token])
    except DatabaseError:
        # No version table yet (a migration running), or the database refused: other
        # processes may keep their answers until KEPT_SECONDS have passed.
        logger.exception("数据版本未能更新")


_migrating = False


def _migration_starts(**_: Any) -> None:
    global _migrating
    _migrating = True  # the version table may not exist yet


def _migration_ends(**_: Any) -> None:
    """`migrate` changed tables and loaded reference data: one new token for all of it."""
    global _migrating
    _migrating = False
    _shelf.clear()
    _new_token(DEFAULT_DB_ALIAS)


pre_migrate.connect(_migration_starts, dispatch_uid="diaodu.core.memo.pre_migrate")
post_migrate.connect(_migration_ends, dispatch_uid="diaodu.core.memo.post_migrate")


def watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """Django's execute wrapper on every connection: a write changes the data version."""
    result = execute(sql, params, many, context)
    if not _migrating and not _READS.match(sql):
        target = _TARGET.match(sql)
        if target is None or target.group(1).lower() not in UNWATCHED:
            data_changed(context["connection"].alias)
    return result


def _watch(sender: Any, connection: BaseDatabaseWrapper, **_: Any) -> None:
    """The default database's connections (not the one Django opens without a database
    to create the test database)."""
    if connection.alias == DEFAULT_DB_ALIAS and watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


connection_created.connect(_watch, dispatch_uid="diaodu.core.memo.watch_writes")


class RequestMemoMiddleware:
    """Every GET or HEAD request is one reading."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with one_reading():
            return self.get_response(request)

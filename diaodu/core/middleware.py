"""Requests refused before any view sees them."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

NUL_MESSAGE = "提交的内容中含有空字符（NUL，\\x00），无法保存；请删除后重新提交"


class RefuseNulMiddleware:
    """A NUL character in a text field: PostgreSQL cannot store it in text and would fail
    the write with a server error; SQLite would keep an invisible character. Either way
    the user gets nothing useful, so the request is answered 400 in Chinese at once.
    Uploaded files are not looked at (an xlsx is binary); their importers check cells."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return HttpResponse(NUL_MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or _in_fields(request.GET):
        return True
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return False
    if request.content_type == "application/json":
        return _json_carries_nul(request.body)
    if request.content_type == "application/x-www-form-urlencoded":
        return _in_fields(request.POST)
    if request.content_type == "multipart/form-data" and not request.path.startswith("/api/"):
        # the API's uploads answer with their own report (a 400 listing the bad fields);
        # the pages' forms are refused here
        return _in_fields(request.POST)
    return False


def _json_carries_nul(body: bytes) -> bool:
    """JSON writes NUL as the escape \\u0000; a raw NUL byte is not valid JSON either."""
    if b"\x00" in body:
        return True
    if b"u0000" not in body.lower():
        return False  # the usual body: not parsed here
    try:
        document = json.loads(body)
    except ValueError:
        return False  # the view answers malformed JSON itself
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _in_fields(fields) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values)
               for key, values in fields.lists())  # fmt: skip

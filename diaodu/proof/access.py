"""What the access matrix walks: every operation of the API (from its own OpenAPI document)
and every page of the web app, with their parameters filled from the proof's world, and the
readable text of any response (JSON, HTML, xlsx, docx), to look for another county's marker."""

from __future__ import annotations

import importlib
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern

from diaodu.api.urls import api
from diaodu.web import urls as web_urls

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # /api/v1/regions/{code}/summary
    spec: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def parameters(self, where: str) -> list[dict[str, Any]]:
        return [p for p in self.spec.get("parameters", []) if p["in"] == where]

    @property
    def path_names(self) -> list[str]:
        return [p["name"] for p in self.parameters("path")]

    def url(self, path_values: dict[str, str], query_values: dict[str, str]) -> str:
        """The path with its parameters, and every required query parameter."""
        url = self.path
        for name in self.path_names:
            if name not in path_values:
                raise LookupError(
                    f"{self.label}: no object for the path parameter “{name}”; "
                    "give one in diaodu/proof/world.py (path_values)"
                )
            url = url.replace("{" + name + "}", path_values[name])
        wanted = [p["name"] for p in self.parameters("query") if p.get("required")]
        missing = [name for name in wanted if name not in query_values]
        if missing:
            raise LookupError(f"{self.label}: no value for required query {missing}")
        query = "&".join(f"{name}={query_values[name]}" for name in wanted)
        return f"{url}?{query}" if query else url


def openapi() -> dict[str, Any]:
    return api.get_openapi_schema()


def operations() -> list[Operation]:
    found = []
    for path, methods in openapi()["paths"].items():
        for method, spec in methods.items():
            found.append(Operation(method.upper(), path, spec))
    return found


# --- request bodies that pass validation --------------------------------------------------
# A role or scope check runs in the view, after django-ninja has validated the body (and
# often after the view has looked the named things up): a refused write must therefore
# carry a body the schema and the view accept, or the refusal proves nothing.


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _resolve(schema["allOf"][0], components)
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return _resolve(options[0], components) if options else {"type": "null"}
    return schema


PLAIN: dict[str, Any] = {"integer": 1, "number": 1, "boolean": False, "null": None, "array": []}


def example(
    schema: dict[str, Any], components: dict[str, Any], hints: dict[str, Any], name: str = ""
) -> Any:
    """A value of `schema`: every property (a documented default may not be the server's),
    the hint for its name where there is one, else a plain value of its type."""
    if name in hints:
        return hints[name]
    schema = _resolve(schema, components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {key: example(properties[key], components, hints, key) for key in properties}
    if kind in PLAIN:
        return PLAIN[kind]
    if schema.get("format") == "binary":
        return SimpleUploadedFile(f"{name or 'file'}.xlsx", b"not a workbook")
    return {"date": "2026-11-27", "date-time": "2026-11-27T09:00:00+08:00"}.get(
        schema.get("format", ""), "1"
    )


def request_body(
    operation: Operation, hints: dict[str, Any], overrides: dict[str, Any]
) -> tuple[str | None, Any]:
    """(content type, body); (None, None) when the operation takes no body. `overrides`
    holds whole bodies (or files) by operation label, for what hints cannot express."""
    content = operation.spec.get("requestBody", {}).get("content", {})
    components = openapi().get("components", {}).get("schemas", {})
    for kind in ("application/json", "multipart/form-data"):
        if kind in content:
            body = example(content[kind]["schema"], components, hints)
            override = overrides.get(operation.label, {})
            return kind, {**body, **(override() if callable(override) else override)}
    return None, None


def send(
    client: Any,
    operation: Operation,
    url: str,
    hints: dict[str, Any] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Any:
    kind, body = request_body(operation, hints or {}, overrides or {})
    method = operation.method.lower()
    if kind == "application/json":
        return getattr(client, method)(url, body, content_type="application/json")
    if kind == "multipart/form-data":
        return client.post(url, body)  # the test client encodes dicts with files as multipart
    return client.generic(operation.method, url)


# --- pages ------------------------------------------------------------------------------

PAGE_KWARGS = {"name": "enterprises"}  # region_export: one of its tables


@dataclass(frozen=True)
class Page:
    name: str
    route: str  # regions/<str:code>/
    module: str  # the view's module: its STEPS name the steps a <step> may take

    @property
    def names(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)

    def url(self, values: dict[str, str]) -> str:
        steps = getattr(importlib.import_module(self.module), "STEPS", {})
        known = {**values, **PAGE_KWARGS, "step": next(iter(steps), "step")}
        url = "/" + self.route
        for placeholder in re.findall(r"<[^>]+>", self.route):
            name = placeholder.strip("<>").split(":")[-1]
            if name not in known:
                raise LookupError(f"page {self.name}: no value for “{name}” (world.path_values)")
            url = url.replace(placeholder, known[name])
        return url


NOT_DATA_PAGES = {"login", "logout"}


def page_body(name: str) -> dict[str, str]:
    """A body the page's form accepts, by URL name: a post refused with it proves the scope,
    not a missing field. Pages not named here are posted empty."""
    from django.utils import timezone

    bodies = {
        "enterprise_note": {  # 走访/联系记录 on an enterprise page
            "note-on": timezone.localdate().isoformat(),
            "note-kind": "visit",
            "note-content": "走访了解生产经营情况",
        },
    }
    return bodies.get(name, {})


def pages() -> list[Page]:
    return [
        Page(str(pattern.name), str(pattern.pattern), pattern.callback.__module__)
        for pattern in web_urls.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name not in NOT_DATA_PAGES
    ]


# --- what a response says ------------------------------------------------------------------


def text_of(response: Any) -> str:
    """Everything a user could read in the response, whatever its format."""
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind or (content[:2] == b"PK" and b"xl/" in content[:2000]):
        return _xlsx_text(content)
    if "wordprocessingml" in kind:
        return _docx_text(content)
    text = content.decode("utf-8", errors="replace")
    if "json" in kind:  # "\\u6c49" is 汉 to a reader: compare what the reader sees
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _xlsx_text(content: bytes) -> str:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def _docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)

"""Reading the served HTML in tests: form fields and their labels, and step forms."""

from __future__ import annotations

from html.parser import HTMLParser


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, str | None]] = []
        self.labels: set[str] = set()
        self.forms: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("input", "select", "textarea") and found.get("type") not in ("hidden",):
            self.fields.append(found)
        if tag == "label" and found.get("for"):
            self.labels.add(found["for"] or "")
        if tag == "form" and found.get("id"):
            self.forms.append(found["id"] or "")


def unlabelled_fields(page: str) -> list[str]:
    """Visible form fields without a <label for=…> naming them."""
    parser = _Fields()
    parser.feed(page)
    return [
        str(field.get("name") or field.get("id"))
        for field in parser.fields
        if field.get("id") not in parser.labels
    ]


def form_ids(page: str) -> list[str]:
    parser = _Fields()
    parser.feed(page)
    return parser.forms


class _Table(HTMLParser):
    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.inside = self.in_body = self.in_cell = False
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.in_cell = False
        elif tag == "table":
            self.inside = self.in_body = False

    def handle_data(self, data: str) -> None:
        if self.in_cell:
            self.rows[-1][-1] += data.strip()


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The texts of the body rows of the table with that id."""
    parser = _Table(table_id)
    parser.feed(page)
    return parser.rows

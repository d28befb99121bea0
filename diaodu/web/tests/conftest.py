"""Fixtures of the page tests: the small city, and Debian's Chromium for the browser tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from diaodu.web.tests.world import World, build_world

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (never downloaded: Debian's package).

    Playwright's sync API keeps an event loop running in this thread while it lives, and
    Django refuses database calls from a thread with a running loop; the tests' own ORM
    calls are synchronous and safe, so they are allowed while the browser lives — and
    only then: the module scope ends the loop and the permission together, so no later
    test (a `check --deploy` run, say) inherits either."""
    if not Path(CHROMIUM).exists():
        pytest.skip("需要 Debian 的 chromium 软件包（make test 会安装）")
    from playwright.sync_api import sync_playwright

    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def page(browser):
    """A fresh page at 1366×768 (the common government laptop), in a Chinese locale."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()

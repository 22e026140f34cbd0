"""The routes page's year filters, in Chromium with JavaScript off."""

from __future__ import annotations

import pytest

from tests.plugin.test_routes_page import routes_site_html  # noqa: F401 (the 365-route site's output, a fixture)


@pytest.mark.browser
def test_a_year_link_shows_that_year_alone_without_javascript(routes_site_html, browser):
    """By hand: 365 days from 1 July 2023 are 184 in 2023 and 181 in 2024."""
    page = browser.new_page(java_script_enabled=False)
    try:
        url = (routes_site_html / "routes" / "index.html").as_uri()
        page.goto(url)
        shown = page.eval_on_selector_all(".route-years > section", "s => s.map(e => e.offsetParent !== null)")
        assert shown == [True, True]
        for year, count in (("2024", 181), ("2023", 184)):
            page.goto(f"{url}#routes-{year}")
            visible = page.eval_on_selector_all(
                ".route-years > section", "s => s.filter(e => e.offsetParent !== null).map(e => e.className)")
            assert visible == [f"routes-{year}"]
            assert page.locator(f"section.routes-{year} .route-grid li").count() == count
    finally:
        page.close()

"""The app shell in a real browser: sign-in gate, navigation between the app's pages."""
from __future__ import annotations

from typing import Any


def test_signed_out_visitors_land_on_the_sign_in_page(browser: Any, live_app: Any) -> None:
    context = browser.new_context(base_url=live_app.url)
    try:
        page = context.new_page()
        page.goto("/executions/")
        assert "/accounts/login/" in page.url
        assert page.locator("input[name=username]").is_visible()
    finally:
        context.close()


def test_the_header_leads_to_machines_and_executions(page: Any) -> None:
    assert page.locator(".app-header .brand").inner_text() == "Stepcraft"
    page.get_by_role("link", name="Executions", exact=True).click()
    page.wait_for_url("**/executions/")
    page.get_by_role("link", name="State machines").click()
    page.wait_for_url("**/machines/")

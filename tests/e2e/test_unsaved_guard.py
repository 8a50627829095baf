"""The designer's unsaved-changes guard in Chromium: Back, Forward and in-app links ask before unsaved edits are
dropped (the browser's confirm, answered here through Playwright's ``dialog`` event); a saved designer lets them go.

The designer is always reached through the app's own link from the machine list, so the history entries around it
are the router's (same document): that is where the router, not ``beforeunload``, decides about leaving.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import LiveApp
from tests.e2e.test_designer import TWO_STATES, create_machine, node, rename
from tests.e2e.test_designer_editing import saved

pytestmark = pytest.mark.e2e

LEAVE_MESSAGE = "You have unsaved changes. Leave the designer and lose them?"


class Dialogs:
    """Answers every dialog the page opens with the next queued answer ("accept" or "dismiss") and records its
    message; a dialog with no answer queued is dismissed and recorded as unexpected."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.answers: list[str] = []
        self.seen: list[tuple[str, str]] = []
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog: Any) -> None:
        answer = self.answers.pop(0) if self.answers else "unexpected"
        self.seen.append((dialog.message, answer))
        dialog.accept() if answer == "accept" else dialog.dismiss()

    def answer_next(self, answer: str, action: Callable[[], None]) -> None:
        """Queue ``answer``, run ``action`` and wait until a dialog has taken it."""
        before = len(self.seen)
        self.answers.append(answer)
        action()
        deadline = time.monotonic() + 10
        while len(self.seen) == before:
            assert time.monotonic() < deadline, f"no dialog after the action (expected to {answer} one)"
            self.page.wait_for_timeout(50)
        assert self.seen[-1] == (LEAVE_MESSAGE, answer)


def open_from_list(page: Any, live_app: LiveApp, prefix: str) -> str:
    """A new two-state machine, opened in the designer through its link in the machine list."""
    machine_id = create_machine(live_app, TWO_STATES, prefix)
    page.goto("/machines/")
    page.locator(f'[data-testid=machine-row] a[href="/machines/{machine_id}/design"]').first.click()
    page.wait_for_url(f"**/machines/{machine_id}/design")
    node(page, "Second").wait_for()
    return machine_id


def test_back_with_unsaved_changes_asks_and_stay_keeps_the_edit(page: Any, live_app: LiveApp) -> None:
    dialogs = Dialogs(page)
    machine_id = open_from_list(page, live_app, "GuardBack")
    rename(page, "Second", "Finish")
    page.get_by_test_id("dirty").wait_for()

    dialogs.answer_next("dismiss", page.go_back)  # Stay
    page.wait_for_timeout(200)  # time for a wrongly let-through navigation to show
    assert page.url.endswith(f"/machines/{machine_id}/design")
    node(page, "Finish").wait_for()
    page.get_by_test_id("dirty").wait_for()

    dialogs.answer_next("accept", page.go_back)  # Leave
    page.wait_for_url("**/machines/")
    page.get_by_role("heading", name="State machines").wait_for()
    assert [answer for _, answer in dialogs.seen] == ["dismiss", "accept"]


def test_back_after_save_leaves_without_asking(page: Any, live_app: LiveApp) -> None:
    dialogs = Dialogs(page)
    machine_id = open_from_list(page, live_app, "GuardSaved")
    rename(page, "Second", "Finish")
    assert saved(page, live_app, machine_id)["States"]["First"]["Next"] == "Finish"

    page.go_back()
    page.wait_for_url("**/machines/")
    page.get_by_role("heading", name="State machines").wait_for()
    page.wait_for_timeout(200)
    assert dialogs.seen == []


def test_forward_and_in_app_links_with_unsaved_changes_ask(page: Any, live_app: LiveApp) -> None:
    dialogs = Dialogs(page)
    machine_id = open_from_list(page, live_app, "GuardForward")
    executions = page.get_by_role("toolbar", name="Designer").get_by_role("link", name="Executions")

    # Unchanged: the link and Back go without a word.
    executions.click()
    page.wait_for_url(f"**/machines/{machine_id}/executions")
    page.go_back()
    page.wait_for_url(f"**/machines/{machine_id}/design")
    rename(page, "Second", "Finish")

    dialogs.answer_next("dismiss", page.go_forward)  # Stay
    page.wait_for_timeout(200)
    assert page.url.endswith(f"/machines/{machine_id}/design")
    node(page, "Finish").wait_for()

    dialogs.answer_next("dismiss", executions.click)  # Stay
    page.wait_for_timeout(200)
    assert page.url.endswith(f"/machines/{machine_id}/design")

    dialogs.answer_next("accept", executions.click)  # Leave
    page.wait_for_url(f"**/machines/{machine_id}/executions")
    assert [answer for _, answer in dialogs.seen] == ["dismiss", "dismiss", "accept"]

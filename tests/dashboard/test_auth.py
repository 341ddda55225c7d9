"""Sign-in and roles on the server: nobody reaches a page without signing in, a viewer never
gets the Data page (not by URL, not by session values), and roles follow the user store."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import users
from etl.config import DataDir
from tests.dashboard.conftest import TEST_PASSWORD, OpenPage, no_errors, signed_in_as


def test_nobody_sees_a_page_without_signing_in(open_page: OpenPage, demo_dir: Path) -> None:
    signed_in_as(demo_dir, "analyst")
    at = open_page("overview", "zh", role=None)
    assert [b.label for b in at.button if b.label == "登录"] or at.get("form_submit_button")
    assert not at.metric and not at.get("vega_lite_chart")
    # Asking for the Data page by URL still gets the sign-in form, nothing of the page.
    at.switch_page("screens/data.py").run()
    assert at.get("form_submit_button") and not at.file_uploader


def test_password_sign_in_then_out(open_page: OpenPage, demo_dir: Path) -> None:
    name = signed_in_as(demo_dir, "viewer")
    at = open_page("overview", "en", role=None)
    at.text_input(key="auth.form.name").set_value(name)
    at.text_input(key="auth.form.pw").set_value("wrong password")
    at.get("form_submit_button")[0].click().run()
    assert any("Wrong user name or password" in e.value for e in at.error)
    at.text_input(key="auth.form.name").set_value(name)
    at.text_input(key="auth.form.pw").set_value(TEST_PASSWORD)
    at.get("form_submit_button")[0].click().run()
    no_errors(at)
    assert at.metric, "the overview shows after signing in"
    at.button(key="auth.logout").click().run()
    assert not at.metric


def test_repeated_failures_lock_the_form(open_page: OpenPage, demo_dir: Path) -> None:
    name = signed_in_as(demo_dir, "viewer")
    at = open_page("overview", "en", role=None)
    for _ in range(5):
        at.text_input(key="auth.form.name").set_value(name)
        at.text_input(key="auth.form.pw").set_value("wrong password")
        at.get("form_submit_button")[0].click().run()
    at.run()  # the next visit
    assert any("Too many failed sign-ins" in e.value for e in at.error)
    assert not at.get("form_submit_button")


def test_a_viewer_cannot_reach_data_by_url_or_by_session_values(
    open_page: OpenPage, demo_dir: Path
) -> None:
    at = open_page("overview", "zh", role="viewer")
    no_errors(at)
    # A stray "role" in the session (all a browser could ever influence) grants nothing.
    at.session_state["role"] = "analyst"
    at.run()
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("screens/data.py")
    with pytest.raises(ValueError, match="navigation page"):
        at.switch_page("screens/users.py")


def test_a_removed_or_demoted_user_loses_access_at_the_next_click(
    open_page_in: object, private_demo_dir: Path
) -> None:
    open_page = open_page_in(private_demo_dir)  # type: ignore[operator]
    at = open_page("data", "en", role="analyst")
    no_errors(at)
    assert at.file_uploader
    data_dir = DataDir(private_demo_dir)
    users.add_user(data_dir, "test-analyst", "viewer", TEST_PASSWORD)  # demoted
    at.run()
    assert not at.file_uploader
    users.add_user(data_dir, "spare-admin", "admin", TEST_PASSWORD)
    users.remove_user(data_dir, "test-analyst")
    at.run()
    assert not at.metric and not at.file_uploader


def test_admins_manage_users_on_the_users_page(
    open_page_in: object, private_demo_dir: Path
) -> None:
    open_page = open_page_in(private_demo_dir)  # type: ignore[operator]
    at = open_page("users", "en", role="admin")
    no_errors(at)
    form_inputs = at.text_input
    form_inputs[0].set_value("new-viewer")
    form_inputs[1].set_value("another long password")
    at.get("form_submit_button")[0].click().run()
    no_errors(at)
    user = users.authenticate(DataDir(private_demo_dir), "new-viewer", "another long password")
    assert user is not None and user.role == "viewer"


def test_uploads_record_who_loaded(open_page_in: object, private_demo_dir: Path) -> None:
    import duckdb

    open_page = open_page_in(private_demo_dir)  # type: ignore[operator]
    at = open_page("data", "en", role="analyst")
    at.file_uploader[0].set_value(
        ("units.csv", "unit_id,name_zh,parent_unit_id\nNEW-U,新所,JNAS\n".encode(), "text/csv")
    ).run()
    no_errors(at)
    at.button(key="data.load").click().run()
    no_errors(at)
    con = duckdb.connect(str(private_demo_dir / "warehouse.duckdb"), read_only=True)
    try:
        who = con.execute(
            "SELECT user_name, source FROM load_runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert who == ("test-analyst", "upload")

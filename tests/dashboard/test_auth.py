"""Sign-in and roles on the server: nobody reaches a page without signing in, a viewer never
gets the Data page (not by URL, not by session values), and roles follow the user store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import (
    FORGET_KEY,
    IGNORE_COOKIE_KEY,
    SESSION_KEY,
    TOKEN_KEY,
    Session,
    oidc_session,
)
from etl import signins, users
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


@pytest.fixture
def fresh_dir(private_demo_dir: Path) -> Path:
    """A private copy of the demo data without the sign-in record other tests left in it."""
    (private_demo_dir / signins.DB_FILE).unlink(missing_ok=True)
    return private_demo_dir


def _try(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="auth.form.name").set_value(name)
    at.text_input(key="auth.form.pw").set_value(password)
    return at.get("form_submit_button")[0].click().run()


def test_repeated_failures_lock_the_form(open_page_in: object, fresh_dir: Path) -> None:
    # A private data dir: the lock is kept there, for every session.
    open_page = open_page_in(fresh_dir)  # type: ignore[operator]
    name = signed_in_as(fresh_dir, "viewer")
    at = open_page("overview", "en", role=None)
    for _ in range(signins.MAX_FAILURES_PER_NAME):
        _try(at, name, "wrong password")
    at.run()  # the next visit
    assert any("Too many failed sign-ins" in e.value for e in at.error)
    assert not at.get("form_submit_button")


def test_the_lockout_holds_across_sessions(open_page_in: object, fresh_dir: Path) -> None:
    """13 failures over three browser sessions, then the right password in a fourth: refused."""
    open_page = open_page_in(fresh_dir)  # type: ignore[operator]
    name = signed_in_as(fresh_dir, "viewer")
    for failures in (5, 5, 3):
        at = open_page("overview", "en", role=None)
        for _ in range(failures):
            if not at.get("form_submit_button"):
                break  # this session already shows the lock
            _try(at, name, "wrong password")
    at = open_page("overview", "en", role=None)
    _try(at, name, TEST_PASSWORD)
    assert any("Too many failed sign-ins" in e.value for e in at.error)
    assert not at.metric and SESSION_KEY not in at.session_state
    events = signins.recent_events(DataDir(fresh_dir))
    assert {e.event for e in events} == {"failed", "locked"}
    # Another user from the same place is not locked out.
    other = signed_in_as(fresh_dir, "analyst")
    at = _try(open_page("overview", "en", role=None), other, TEST_PASSWORD)
    no_errors(at)
    assert at.metric


def test_signing_in_leaves_a_token_to_remember_and_signing_out_forgets_it(
    open_page_in: object, private_demo_dir: Path
) -> None:
    from etl import remember

    open_page = open_page_in(private_demo_dir)  # type: ignore[operator]
    data_dir = DataDir(private_demo_dir)
    name = signed_in_as(private_demo_dir, "viewer")
    at = _try(open_page("overview", "en", role=None), name, TEST_PASSWORD)
    no_errors(at)
    token, expires = at.session_state[TOKEN_KEY]
    assert remember.verify(data_dir, token, users.load_users(data_dir)).name == name  # type: ignore[union-attr]
    assert expires.tzinfo is not None
    at.button(key="auth.logout").click().run()
    assert not at.metric and at.session_state[FORGET_KEY] and at.session_state[IGNORE_COOKIE_KEY]


def test_a_password_reset_ends_the_session_at_the_next_click(
    open_page_in: object, private_demo_dir: Path
) -> None:
    open_page = open_page_in(private_demo_dir)  # type: ignore[operator]
    at = open_page("overview", "en", role="viewer")
    no_errors(at)
    assert at.metric
    users.add_user(DataDir(private_demo_dir), "test-viewer", "viewer", "a new test password")
    at.run()
    assert not at.metric and at.get("form_submit_button")
    # Signing in again with the new password works.
    at = _try(at, "test-viewer", "a new test password")
    no_errors(at)
    assert at.metric


@pytest.mark.parametrize("text", ["", '{"users": {"admin": {"role": "ad'])
def test_a_broken_users_file_names_itself_and_lets_nobody_in(
    open_page_in: object, private_demo_dir: Path, text: str
) -> None:
    open_page = open_page_in(private_demo_dir)  # type: ignore[operator]
    signed_in_as(private_demo_dir, "analyst")
    path = private_demo_dir / users.USERS_FILE
    path.write_text(text, encoding="utf-8")
    for role in ("analyst", None):
        at = open_page("overview", "en", role=None)
        if role:
            at.session_state[SESSION_KEY] = "test-analyst"
            at.run()
        assert not at.exception
        assert any(str(path) in e.value and "coop user bootstrap" in e.value for e in at.error)
        assert not at.metric and not at.get("form_submit_button")


def test_oidc_maps_to_a_local_user_only_by_a_verified_email(demo_dir: Path) -> None:
    admin = users.User("boss@example.org", "admin", "", "")
    store = {admin.name: admin, "Boss": users.User("Boss", "admin", "", "")}
    verified = {"email": "boss@example.org", "email_verified": True, "name": "Boss"}
    assert oidc_session(verified, store) == Session("boss@example.org", "admin", "oidc")
    for claims in (
        {**verified, "email_verified": False},
        {**verified, "email_verified": "true"},  # only a real true counts
        {"email": "boss@example.org", "name": "Boss"},
        {"name": "Boss", "sub": "123"},  # a display name is anyone's to choose
        {"name": "boss@example.org"},
    ):
        session = oidc_session(claims, store)
        assert session.role == "viewer" and session.name not in store, claims
    assert oidc_session({**verified, "email": "new@example.org"}, store).role == "viewer"


def test_the_users_page_shows_the_sign_in_audit(open_page_in: object, fresh_dir: Path) -> None:
    open_page = open_page_in(fresh_dir)  # type: ignore[operator]
    signed_in_as(fresh_dir, "admin")
    _try(open_page("overview", "en", role=None), "intruder", "wrong password")
    at = open_page("users", "en", role="admin")
    no_errors(at)
    audit = at.dataframe[-1].value
    assert list(audit["User name"]) == ["intruder"]
    assert list(audit["Event"]) == ["Wrong password or unknown user"]


@pytest.mark.parametrize(
    ("password", "message"),
    [("x" * 80, "at most 72 bytes"), ("          ", "only blanks"), ("1234567890", "commonest")],
)
def test_the_users_page_explains_a_refused_password(
    open_page_in: object, private_demo_dir: Path, password: str, message: str
) -> None:
    open_page = open_page_in(private_demo_dir)  # type: ignore[operator]
    at = open_page("users", "en", role="admin")
    at.text_input[0].set_value("new-viewer")
    at.text_input[1].set_value(password)
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert "new-viewer" not in users.load_users(DataDir(private_demo_dir))


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


def test_the_users_page_refuses_to_demote_the_last_admin(
    open_page_in: object, private_demo_dir: Path
) -> None:
    open_page = open_page_in(private_demo_dir)  # type: ignore[operator]
    at = open_page("users", "en", role="admin")
    assert [
        u.name for u in users.load_users(DataDir(private_demo_dir)).values() if u.role == "admin"
    ] == ["test-admin"]
    at.text_input[0].set_value("test-admin")  # the role box says viewer
    at.text_input[1].set_value("another long password")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert any("the last admin" in e.value for e in at.error), [e.value for e in at.error]
    assert users.load_users(DataDir(private_demo_dir))["test-admin"].role == "admin"
    at.run()
    assert at.dataframe, "the admin's session goes on"

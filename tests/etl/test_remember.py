"""Remembered sign-ins: signed, expiring tokens tied to the user's session version, with a
secret created once in the data directory."""

from __future__ import annotations

import pytest
from itsdangerous import TimestampSigner

from etl import remember, users
from etl.config import DataDir


@pytest.fixture
def li(data_dir: DataDir) -> users.User:
    return users.add_user(data_dir, "李娜", "analyst", "correct horse battery")


def test_a_token_stands_for_its_user(data_dir: DataDir, li: users.User) -> None:
    token = remember.issue(data_dir, li)
    assert remember.verify(data_dir, token, users.load_users(data_dir)) == li
    assert "correct horse" not in token


def test_an_altered_or_foreign_token_is_refused(data_dir: DataDir, li: users.User) -> None:
    token = remember.issue(data_dir, li)
    store = users.load_users(data_dir)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "x.y.z", "", None):
        assert remember.verify(data_dir, bad, store) is None
    other = DataDir(data_dir.root.parent / "other")
    other_token = remember.issue(other, li)  # same user, another data dir's secret
    assert remember.verify(data_dir, other_token, store) is None


def test_a_reset_a_role_change_or_a_removal_voids_the_token(
    data_dir: DataDir, li: users.User
) -> None:
    token = remember.issue(data_dir, li)
    users.add_user(data_dir, "李娜", "analyst", "another horse battery")  # password reset
    assert remember.verify(data_dir, token, users.load_users(data_dir)) is None
    token = remember.issue(data_dir, users.load_users(data_dir)["李娜"])
    users.add_user(data_dir, "李娜", "viewer", "another horse battery")  # role change
    assert remember.verify(data_dir, token, users.load_users(data_dir)) is None
    token = remember.issue(data_dir, users.load_users(data_dir)["李娜"])
    users.add_user(data_dir, "boss", "admin", "correct horse battery")
    users.remove_user(data_dir, "李娜")
    assert remember.verify(data_dir, token, users.load_users(data_dir)) is None
    users.add_user(data_dir, "李娜", "viewer", "another horse battery")  # same name again
    assert remember.verify(data_dir, token, users.load_users(data_dir)) is None


def test_a_token_expires_after_the_sign_in_lifetime(
    data_dir: DataDir, li: users.User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(remember.ENV_DAYS, "2")
    assert remember.lifetime_s() == 2 * 86400
    now = TimestampSigner.get_timestamp(TimestampSigner("k"))
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now - 2 * 86400 + 60)
    fresh_enough = remember.issue(data_dir, li)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now - 2 * 86400 - 60)
    too_old = remember.issue(data_dir, li)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now)
    store = users.load_users(data_dir)
    assert remember.verify(data_dir, fresh_enough, store) == li
    assert remember.verify(data_dir, too_old, store) is None


def test_the_lifetime_defaults_to_seven_days(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(remember.ENV_DAYS, raising=False)
    assert remember.lifetime_s() == 7 * 86400
    monkeypatch.setenv(remember.ENV_DAYS, "soon")
    assert remember.lifetime_s() == 7 * 86400


def test_the_secret_is_private_and_made_once(data_dir: DataDir) -> None:
    first = remember.secret(data_dir)
    path = data_dir.root / remember.SECRET_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert remember.secret(data_dir) == first and len(first) >= 32
    assert [p.name for p in data_dir.root.iterdir() if p.name.endswith(".tmp")] == []


def test_a_damaged_secret_is_a_clear_error(data_dir: DataDir, li: users.User) -> None:
    data_dir.root.mkdir(parents=True, exist_ok=True)
    path = data_dir.root / remember.SECRET_FILE
    path.write_bytes(b"short")
    with pytest.raises(remember.SigninSecretError) as caught:
        remember.issue(data_dir, li)
    assert str(path) in caught.value.message("en") and "Delete the file" in caught.value.message(
        "en"
    )
    path.unlink()
    assert remember.issue(data_dir, li)

"""Local users: salted hashes only, roles, the first admin, and the `coop user` command."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from etl import users
from etl.config import DataDir

Coop = Callable[..., tuple[int, Any]]


def test_passwords_are_stored_only_as_salted_hashes(data_dir: DataDir) -> None:
    users.add_user(data_dir, "li", "analyst", "correct horse battery")
    users.add_user(data_dir, "wang", "viewer", "correct horse battery")
    text = (data_dir.root / users.USERS_FILE).read_text(encoding="utf-8")
    assert "correct horse battery" not in text
    stored = json.loads(text)["users"]
    assert stored["li"]["password_hash"].startswith("$2")
    # Same password, different salt.
    assert stored["li"]["password_hash"] != stored["wang"]["password_hash"]
    assert (data_dir.root / users.USERS_FILE).stat().st_mode & 0o077 == 0


def test_authenticate(data_dir: DataDir) -> None:
    users.add_user(data_dir, "李娜", "analyst", "correct horse battery")
    user = users.authenticate(data_dir, "李娜", "correct horse battery")
    assert user is not None and user.role == "analyst"
    assert users.authenticate(data_dir, "李娜", "wrong password!") is None
    assert users.authenticate(data_dir, "nobody", "correct horse battery") is None


def test_roles_are_ordered() -> None:
    viewer = users.User("v", "viewer", "", "")
    analyst = users.User("a", "analyst", "", "")
    admin = users.User("x", "admin", "", "")
    assert not viewer.can("analyst") and analyst.can("analyst") and admin.can("analyst")
    assert not analyst.can("admin") and admin.can("admin") and viewer.can("viewer")


@pytest.mark.parametrize(
    ("name", "role", "password", "rule"),
    [
        ("bad name", "viewer", "long enough pw", "user.bad_name"),
        ("ok", "boss", "long enough pw", "user.bad_role"),
        ("ok", "viewer", "short", "user.weak_password"),
    ],
)
def test_bad_requests_are_refused(
    data_dir: DataDir, name: str, role: str, password: str, rule: str
) -> None:
    with pytest.raises(users.UserError) as caught:
        users.add_user(data_dir, name, role, password)
    assert caught.value.rule == rule


def test_bootstrap_creates_one_admin_once(data_dir: DataDir) -> None:
    password = users.bootstrap_admin(data_dir)
    assert password and users.authenticate(data_dir, "admin", password) is not None
    assert users.bootstrap_admin(data_dir) is None
    with pytest.raises(users.UserError):
        users.remove_user(data_dir, "admin")  # the last admin stays


def test_cli_user_commands(coop: Coop, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    code, _ = coop("user", "add", "zhao", "--role", "analyst", "--password-stdin", json_out=False)
    assert code == 0
    assert users.authenticate(data_dir, "zhao", "a long password") is not None
    code, listed = coop("user", "list")
    assert code == 0 and listed["users"][0]["name"] == "zhao"
    assert "password" not in json.dumps(listed)
    code, _ = coop("user", "remove", "zhao", json_out=False)
    assert code == 0 and users.load_users(data_dir) == {}
    code, _ = coop("user", "remove", "zhao", json_out=False)
    assert code == 2

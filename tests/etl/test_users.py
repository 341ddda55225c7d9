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


# ---- findings: long, trivial and common passwords -------------------------------------------


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("x" * 73, "user.long_password"),
        ("密" * 25, "user.long_password"),  # 25 characters, 75 bytes
        ("aaaaaaaaaa", "user.trivial_password"),
        (" " * 10, "user.trivial_password"),
        ("\t \t \t \t \t ", "user.trivial_password"),
        ("1234567890", "user.common_password"),
        ("Password123", "user.common_password"),
        ("qwertyuiop", "user.common_password"),
        ("woaini1314", "user.common_password"),
    ],
)
def test_long_trivial_and_common_passwords_are_refused(
    data_dir: DataDir, password: str, rule: str
) -> None:
    with pytest.raises(users.UserError) as caught:
        users.add_user(data_dir, "li", "viewer", password)
    assert caught.value.rule == rule
    assert caught.value.message("en") != rule and caught.value.message("zh") != rule
    assert users.load_users(data_dir) == {}


def test_a_72_byte_password_works_and_a_longer_one_fails_to_sign_in(data_dir: DataDir) -> None:
    longest = "密码" * 12  # 24 characters, 72 bytes
    users.add_user(data_dir, "li", "viewer", longest)
    assert users.authenticate(data_dir, "li", longest) is not None
    # bcrypt would see only the first 72 bytes; longer input is a failed sign-in, not a crash.
    assert users.authenticate(data_dir, "li", longest + "x") is None
    assert users.authenticate(data_dir, "nobody", "y" * 500) is None


def test_the_common_passwords_ship_with_the_package() -> None:
    common = users.common_passwords()
    assert len(common) > 400 and "1234567890" in common and "password123" in common
    assert all(len(p) >= users.MIN_PASSWORD_LENGTH for p in common)


# ---- findings: the last admin, a broken store, private files --------------------------------


def test_the_last_admin_cannot_be_demoted_by_adding_them_again(data_dir: DataDir) -> None:
    users.add_user(data_dir, "boss", "admin", "correct horse battery")
    with pytest.raises(users.UserError) as caught:
        users.add_user(data_dir, "boss", "viewer", "correct horse battery")
    assert caught.value.rule == "user.last_admin_role"
    assert users.load_users(data_dir)["boss"].role == "admin"
    users.add_user(data_dir, "deputy", "admin", "correct horse battery")
    users.add_user(data_dir, "boss", "viewer", "correct horse battery")  # another admin stays
    assert users.load_users(data_dir)["boss"].role == "viewer"


def test_cli_refuses_to_demote_the_last_admin(coop: Coop, data_dir: DataDir) -> None:
    users.add_user(data_dir, "boss", "admin", "correct horse battery")
    code, out = coop("user", "add", "boss", "--role", "analyst")
    assert code == 2 and out["rule"] == "user.last_admin_role"
    assert users.load_users(data_dir)["boss"].role == "admin"


@pytest.mark.parametrize("text", ["", '{"users": {"li": {"role": "admin", "pass', "[]", "{}"])
def test_a_broken_users_file_is_named_and_fails_closed(
    coop: Coop, data_dir: DataDir, text: str
) -> None:
    data_dir.root.mkdir(parents=True)
    path = data_dir.root / users.USERS_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(users.UserError) as caught:
        users.load_users(data_dir)
    assert caught.value.rule == "user.store_broken"
    assert str(path) in caught.value.message("en") and "coop user bootstrap" in (
        caught.value.message("en")
    )
    # Nothing treats it as "no users": no bootstrap, no add over it, nobody signs in.
    with pytest.raises(users.UserError):
        users.bootstrap_admin(data_dir)
    with pytest.raises(users.UserError):
        users.add_user(data_dir, "li", "admin", "correct horse battery")
    with pytest.raises(users.UserError):
        users.authenticate(data_dir, "li", "correct horse battery")
    assert path.read_text(encoding="utf-8") == text
    for argv in (("user", "list"), ("user", "bootstrap"), ("user", "remove", "li")):
        code, out = coop(*argv)
        assert code == 2 and out["rule"] == "user.store_broken" and str(path) in out["message"]
    assert not (data_dir.root / "logs").exists()


def test_cli_explains_long_and_trivial_passwords(
    coop: Coop, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    for password, rule in (
        ("p" * 100, "user.long_password"),
        ("aaaaaaaaaa", "user.trivial_password"),
    ):
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        code, out = coop("user", "add", "li", "--password-stdin")
        assert code == 2 and out["rule"] == rule and out["message"]
    assert users.load_users(data_dir) == {}
    assert not (data_dir.root / "logs").exists()


def test_the_users_file_is_never_readable_by_others_not_even_while_written(
    data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from etl import files

    modes: list[int] = []
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        modes.append(os.stat(src).st_mode & 0o777)
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)  # etl.files writes the users file
    old = os.umask(0o022)
    try:
        users.add_user(data_dir, "li", "viewer", "correct horse battery")
        users.add_user(data_dir, "wang", "viewer", "correct horse battery")
    finally:
        os.umask(old)
    assert modes == [0o600, 0o600]
    assert (data_dir.root / users.USERS_FILE).stat().st_mode & 0o777 == 0o600


# ---- the session version ---------------------------------------------------------------------


def test_every_change_to_a_user_gives_a_new_session_version(data_dir: DataDir) -> None:
    first = users.add_user(data_dir, "li", "viewer", "correct horse battery")
    reset = users.add_user(data_dir, "li", "viewer", "another horse battery")
    promoted = users.add_user(data_dir, "li", "analyst", "another horse battery")
    users.add_user(data_dir, "boss", "admin", "correct horse battery")
    users.remove_user(data_dir, "li")
    again = users.add_user(data_dir, "li", "viewer", "correct horse battery")
    versions = [u.session_version for u in (first, reset, promoted, again)]
    assert all(versions) and len(set(versions)) == 4
    assert users.load_users(data_dir)["li"].session_version == again.session_version


def test_a_users_file_from_before_session_versions_still_loads(data_dir: DataDir) -> None:
    data_dir.root.mkdir(parents=True)
    legacy = {
        "users": {
            "li": {
                "role": "analyst",
                "password_hash": users.hash_password("correct horse battery"),
                "created_at": "2025-01-01T00:00:00",
            }
        }
    }
    (data_dir.root / users.USERS_FILE).write_text(json.dumps(legacy), encoding="utf-8")
    user = users.authenticate(data_dir, "li", "correct horse battery")
    assert user is not None and user.role == "analyst"

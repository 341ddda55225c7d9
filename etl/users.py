"""Local users and their roles, for the dashboard's login and `coop user`.

Passwords are stored only as bcrypt hashes (salted, slow) in `users.json` in the data
directory, written atomically under a lock into a file private to the service's OS user from
the moment it exists. Roles: `viewer` (leadership: every dashboard page and exports), `analyst`
(also the Data page: upload, load, history), `admin` (also manages users).

Each user carries a `session_version`, a random token that changes whenever the user's
password or role changes (and that a removed user loses): a remembered sign-in names the
version it was issued for, so such a change ends the user's existing sessions.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import secrets
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

import bcrypt
import filelock

from etl.config import DataDir
from etl.errors import DataDirError, UserError
from etl.files import write_private

ROLES = ("viewer", "analyst", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
USERNAME_PATTERN = r"^[\w.@-]{1,64}$"  # \w includes Chinese characters
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_BYTES = 72  # bcrypt uses only the first 72 bytes; longer ones are refused
USERS_FILE = "users.json"
COMMON_PASSWORDS = "common_passwords.txt"  # package data: the commonest passwords, one a line


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str
    created_at: str
    session_version: str = ""

    def can(self, role: str) -> bool:
        """Whether this user has at least `role`'s rights."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def users_path(data_dir: DataDir) -> Path:
    return data_dir.root / USERS_FILE


def load_users(data_dir: DataDir) -> dict[str, User]:
    """Every user in the store; a store that cannot be read is an error, never "no users"
    (that would let `bootstrap` or the first `add` replace it)."""
    path = users_path(data_dir)
    if not path.exists():
        return {}
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(User)} - {"name"}
        stored = raw["users"]
        result = {}
        for name, entry in stored.items():
            if not isinstance(entry, dict) or not set(entry) <= known:
                raise ValueError(f"entry '{name}' is not a user record")
            user = User(name=name, **entry)
            if user.role not in ROLES:
                raise ValueError(f"entry '{name}' has an unknown role")
            result[name] = user
        return result
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError("user.store_broken", path=str(path), detail=str(exc)[:200]) from None


def _save(data_dir: DataDir, users: dict[str, User]) -> None:
    payload = {
        "users": {
            u.name: {k: v for k, v in asdict(u).items() if k != "name"} for u in users.values()
        }
    }
    path = users_path(data_dir)
    try:
        write_private(path, json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError as exc:  # a full or read-only data dir: nothing was changed
        raise DataDirError("datadir.io", path=str(path), detail=str(exc)[:200]) from None


def _locked(data_dir: DataDir) -> filelock.FileLock:
    data_dir.root.mkdir(mode=0o750, parents=True, exist_ok=True)
    return filelock.FileLock(str(data_dir.root / ".users.lock"), timeout=10, mode=0o600)


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


@functools.cache
def common_passwords() -> frozenset[str]:
    text = resources.files("etl").joinpath(COMMON_PASSWORDS).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line.casefold() for line in lines if line and not line.startswith("#"))


def check_password(password: str) -> None:
    """Refuse a password that is too short, too long for bcrypt, or trivial to guess."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("user.weak_password", detail=str(MIN_PASSWORD_LENGTH))
    size = len(password.encode("utf-8"))
    if size > MAX_PASSWORD_BYTES:
        raise UserError("user.long_password", detail=str(MAX_PASSWORD_BYTES), value=str(size))
    if not password.strip() or len(set(password)) == 1:
        raise UserError("user.trivial_password")
    if password.strip().casefold() in common_passwords():
        raise UserError("user.common_password")


def add_user(data_dir: DataDir, name: str, role: str, password: str) -> User:
    """Add a user, or reset an existing one's role and password (which ends their sessions)."""
    if not re.fullmatch(USERNAME_PATTERN, name):
        raise UserError("user.bad_name", value=name)
    if role not in ROLES:
        raise UserError("user.bad_role", value=role, allowed=", ".join(ROLES))
    check_password(password)
    with _locked(data_dir):
        users = load_users(data_dir)
        if role != "admin" and _is_last_admin(users, name):
            raise UserError("user.last_admin_role", value=name)
        user = User(
            name=name,
            role=role,
            password_hash=hash_password(password),
            created_at=dt.datetime.now().isoformat(timespec="seconds"),
            session_version=new_session_version(),
        )
        users[name] = user
        _save(data_dir, users)
    return user


def new_session_version() -> str:
    return secrets.token_urlsafe(9)


def _is_last_admin(users: dict[str, User], name: str) -> bool:
    others = [u for u in users.values() if u.role == "admin" and u.name != name]
    return name in users and users[name].role == "admin" and not others


def remove_user(data_dir: DataDir, name: str) -> None:
    with _locked(data_dir):
        users = load_users(data_dir)
        if name not in users:
            raise UserError("user.unknown", value=name)
        if _is_last_admin(users, name):
            raise UserError("user.last_admin", value=name)
        del users[name]
        _save(data_dir, users)


def authenticate(data_dir: DataDir, name: str, password: str) -> User | None:
    """The user, if the password is right; None otherwise (same cost for unknown names)."""
    user = load_users(data_dir).get(name)
    # Compare against a dummy hash for unknown names so timing does not reveal who exists.
    stored = user.password_hash if user else _dummy_hash()
    secret = password.encode("utf-8")
    if len(secret) > MAX_PASSWORD_BYTES:  # no stored password is that long
        bcrypt.checkpw(b"-", stored.encode("ascii"))  # the same cost all the same
        return None
    ok = bcrypt.checkpw(secret, stored.encode("ascii"))
    return user if (user and ok) else None


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def bootstrap_admin(data_dir: DataDir, name: str = "admin") -> str | None:
    """Create a first admin with a random password when there are no users; return it once."""
    with _locked(data_dir):
        if load_users(data_dir):
            return None
    password = generate_password()
    add_user(data_dir, name, "admin", password)
    return password

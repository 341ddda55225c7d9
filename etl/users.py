"""Local users and their roles, for the dashboard's login and `coop user`.

Passwords are stored only as bcrypt hashes (salted, slow) in `users.json` in the data
directory, written atomically under a lock. Roles: `viewer` (leadership: every dashboard page
and exports), `analyst` (also the Data page: upload, load, history), `admin` (also manages
users).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import secrets
from dataclasses import asdict, dataclass
from typing import Any

import bcrypt
import filelock

from etl.config import DataDir
from etl.errors import UserError  # raised here; defined with the others

ROLES = ("viewer", "analyst", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
USERNAME_PATTERN = r"^[\w.@-]{1,64}$"  # \w includes Chinese characters
MIN_PASSWORD_LENGTH = 10
USERS_FILE = "users.json"


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str
    created_at: str

    def can(self, role: str) -> bool:
        """Whether this user has at least `role`'s rights."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def load_users(data_dir: DataDir) -> dict[str, User]:
    path = data_dir.root / USERS_FILE
    if not path.exists():
        return {}
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {name: User(name=name, **fields) for name, fields in raw.get("users", {}).items()}


def _save(data_dir: DataDir, users: dict[str, User]) -> None:
    from etl.archive import write_atomically

    payload = {
        "users": {
            u.name: {k: v for k, v in asdict(u).items() if k != "name"} for u in users.values()
        }
    }
    path = data_dir.root / USERS_FILE
    write_atomically(path, json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))
    os.chmod(path, 0o600)


def _locked(data_dir: DataDir) -> filelock.FileLock:
    data_dir.root.mkdir(parents=True, exist_ok=True)
    return filelock.FileLock(str(data_dir.root / ".users.lock"), timeout=10)


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def add_user(data_dir: DataDir, name: str, role: str, password: str) -> User:
    if not re.fullmatch(USERNAME_PATTERN, name):
        raise UserError("user.bad_name", value=name)
    if role not in ROLES:
        raise UserError("user.bad_role", value=role, allowed=", ".join(ROLES))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("user.weak_password", detail=str(MIN_PASSWORD_LENGTH))
    with _locked(data_dir):
        users = load_users(data_dir)
        user = User(
            name=name,
            role=role,
            password_hash=hash_password(password),
            created_at=dt.datetime.now().isoformat(timespec="seconds"),
        )
        users[name] = user
        _save(data_dir, users)
    return user


def remove_user(data_dir: DataDir, name: str) -> None:
    with _locked(data_dir):
        users = load_users(data_dir)
        if name not in users:
            raise UserError("user.unknown", value=name)
        remaining_admins = [u for u in users.values() if u.role == "admin" and u.name != name]
        if users[name].role == "admin" and not remaining_admins:
            raise UserError("user.last_admin", value=name)
        del users[name]
        _save(data_dir, users)


def authenticate(data_dir: DataDir, name: str, password: str) -> User | None:
    """The user, if the password is right; None otherwise (same cost for unknown names)."""
    user = load_users(data_dir).get(name)
    # Compare against a dummy hash for unknown names so timing does not reveal who exists.
    stored = user.password_hash if user else _dummy_hash()
    ok = bcrypt.checkpw(password.encode("utf-8"), stored.encode("ascii"))
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

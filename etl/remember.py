"""Remembered sign-ins: a signed, expiring token that names a local user and the session version
it was issued for (`etl.users`), kept by the browser in a cookie.

Tokens are made and checked by `itsdangerous` (HMAC-signed, timestamped) with a secret that is
created once in the data directory, private to the service's user, and never leaves it. A token
is honoured only while it is younger than the sign-in lifetime, its user still exists, and the
user's session version is still the one it names: removing a user, changing their role or
resetting their password ends every remembered sign-in of theirs.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import itsdangerous

from etl.config import DataDir
from etl.errors import SigninSecretError
from etl.users import User

SECRET_FILE = ".signin-secret"
ENV_DAYS = "COOP_SIGNIN_DAYS"
DEFAULT_DAYS = 7.0
SALT = "coop.signin.v1"


def lifetime_s() -> int:
    """How long a sign-in lasts: `$COOP_SIGNIN_DAYS` days (fractions allowed), default 7."""
    try:
        days = float(os.environ.get(ENV_DAYS, DEFAULT_DAYS))
    except ValueError:
        days = DEFAULT_DAYS
    return max(60, int(days * 86400))


def secret(data_dir: DataDir) -> bytes:
    """The signing secret of this data directory, created (0600) the first time it is needed."""
    path = data_dir.root / SECRET_FILE
    try:
        if not path.exists():
            _create_once(path, secrets.token_hex(32).encode("ascii"))
        value = path.read_bytes().strip()
    except OSError as exc:
        raise SigninSecretError("signin.secret", path=str(path), detail=str(exc)[:200]) from None
    if len(value) < 32:
        raise SigninSecretError("signin.secret", path=str(path), detail="too short")
    return value


def _create_once(path: Path, value: bytes) -> None:
    """Write the secret whole into a private temporary file, then link it into place: when two
    processes race, one link wins and both read the same, complete secret."""
    path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _serializer(data_dir: DataDir) -> itsdangerous.URLSafeTimedSerializer:
    return itsdangerous.URLSafeTimedSerializer(secret(data_dir), salt=SALT)


def issue(data_dir: DataDir, user: User) -> str:
    """A token for `user` at their current session version."""
    return str(_serializer(data_dir).dumps({"u": user.name, "v": user.session_version}))


def verify(data_dir: DataDir, token: str | None, store: dict[str, User]) -> User | None:
    """The user a token stands for, if it is genuine, unexpired and still current."""
    if not token:
        return None
    try:
        claims = _serializer(data_dir).loads(token, max_age=lifetime_s())
    except itsdangerous.BadData:  # forged, altered, expired or malformed
        return None
    if not isinstance(claims, dict):
        return None
    user = store.get(str(claims.get("u")))
    if user is None or not secrets.compare_digest(
        user.session_version.encode(), str(claims.get("v")).encode()
    ):
        return None
    return user

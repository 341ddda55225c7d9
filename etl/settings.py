"""Settings of a data directory an admin chooses (`DATA_DIR/config.toml`): today the meeting
rule in force. Written atomically; read on every publish and by the dashboard."""

from __future__ import annotations

import json
import os
import tempfile
import tomllib

from etl.config import DataDir
from etl.errors import UsageError

FILE = "config.toml"
KEYS = ("meeting_rule",)


def read(data_dir: DataDir) -> dict[str, str]:
    path = data_dir.root / FILE
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UsageError("settings.file", path=str(path), detail=str(exc)) from None
    return {k: str(v) for k, v in data.items() if k in KEYS}


def get(data_dir: DataDir, key: str) -> str | None:
    return read(data_dir).get(key)


def write(data_dir: DataDir, key: str, value: str) -> None:
    if key not in KEYS:
        raise UsageError("settings.key", value=key, allowed=", ".join(KEYS))
    values = read(data_dir) | {key: value}
    data_dir.root.mkdir(parents=True, exist_ok=True)
    # TOML strings are JSON strings for these values; one key per line.
    text = "".join(
        f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in sorted(values.items())
    )
    fd, tmp = tempfile.mkstemp(dir=data_dir.root, prefix=".config-", suffix=".toml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, data_dir.root / FILE)

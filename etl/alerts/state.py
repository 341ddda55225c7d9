"""What each channel has been sent: `DATA_DIR/alerts-state.json`.

    {"version": 1, "channels": {"<channel id>": {"<alert key>": "<state sent>", ...}}}

It lives beside the warehouse, not in it, so `coop rebuild` (which rebuilds the warehouse from
the archive) keeps it. It is replaced atomically and readable by its owner only. It holds alert
keys and states and the channels' ids (a name, or a hash of the URL as written), never a URL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from etl.config import DataDir
from etl.files import write_private

FILE_NAME = "alerts-state.json"
VERSION = 1


def state_path(data_dir: DataDir) -> Path:
    return data_dir.root / FILE_NAME


@dataclass
class SentState:
    channels: dict[str, dict[str, str]] = field(default_factory=dict)

    def sent(self, channel_id: str) -> dict[str, str]:
        return self.channels.get(channel_id, {})

    def record(self, channel_id: str, current: dict[str, str]) -> None:
        """The channel now knows exactly these alerts in these states: alerts that are gone
        are forgotten, so one that comes back is sent again."""
        self.channels[channel_id] = dict(sorted(current.items()))


def load(data_dir: DataDir) -> SentState:
    """The sent state; an unreadable or damaged file counts as nothing sent yet."""
    try:
        doc = json.loads(state_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SentState()
    channels = doc.get("channels") if isinstance(doc, dict) else None
    if not isinstance(channels, dict):
        return SentState()
    clean = {
        str(cid): {str(k): str(v) for k, v in sent.items()}
        for cid, sent in channels.items()
        if isinstance(sent, dict)
    }
    return SentState(clean)


def save(data_dir: DataDir, state: SentState) -> None:
    doc = {"version": VERSION, "channels": dict(sorted(state.channels.items()))}
    data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    write_private(state_path(data_dir), data)

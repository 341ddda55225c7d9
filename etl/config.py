"""Where things live: the data directory and its parts (contract: `--data-dir`, else
`$COOP_DATA_DIR`, else `data/`)."""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "COOP_DATA_DIR"
WAREHOUSE_NAME = "warehouse.duckdb"
# What the data directory holds (people's names, hashes, uploads) is for the service's user and
# group only: files 0640, folders 0750 at most.
PRIVATE_UMASK = 0o027


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / WAREHOUSE_NAME

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def manifest(self) -> Path:
        return self.archive / "manifest.jsonl"

    @property
    def journal(self) -> Path:
        # History of the runs that changed no data (rejected, unchanged), so a rebuild can
        # restore the whole load history without touching archive/ for them.
        return self.root / "journal.jsonl"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def incoming(self) -> Path:
        return self.root / "incoming"

    @property
    def staging(self) -> Path:
        # Private copies of the warehouse being written; never read by the dashboard.
        return self.root / ".staging"

    @property
    def lock(self) -> Path:
        return self.root / ".coop.lock"


def resolve_data_dir(arg: str | os.PathLike[str] | None = None) -> DataDir:
    if arg:
        return DataDir(Path(arg))
    env = os.environ.get(ENV_DATA_DIR)
    return DataDir(Path(env) if env else Path("data"))


def use_private_umask() -> None:
    """Make every file and folder this process creates from now on private to its user and
    group (an umask already stricter stays as it is). Called where the CLI and the dashboard
    start."""
    os.umask(os.umask(PRIVATE_UMASK) | PRIVATE_UMASK)


def close_to_others(data_dir: DataDir) -> None:
    """Take the rights of other users off an existing data directory of ours (one made before
    data files were private): nothing inside is then reachable for them."""
    with contextlib.suppress(OSError):
        info = data_dir.root.stat()
        if info.st_mode & 0o007 and info.st_uid == os.getuid():
            data_dir.root.chmod(stat.S_IMODE(info.st_mode) & ~0o007)

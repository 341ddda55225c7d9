"""Fuzzing the reader with thousands of hostile files: random bytes, random encodings, ragged
rows, quotes, huge cells, formulas and mixed header aliases. It only ever returns a report —
never raises — and a rejected batch never changes the warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.config import DataDir
from etl.normalize import normalize
from etl.pipeline import run_batch
from etl.reader import read
from etl.schema import KINDS
from tests.helpers import snapshot, write

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1", "shift_jis", "big5")
HEADER_WORDS = sorted(
    {c.name for k in KINDS.values() for c in k.columns}
    | {c.zh for k in KINDS.values() for c in k.columns}
)
CELL_PIECES = st.sampled_from(
    ["", " ", ",", '"', '""', "\n", "\r\n", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
     "2024-02-30", "2024年1月1日", "03/04/2021", "有效", "综合性", "CN", "usd", "1,200.5",
     "x" * 5000, "\t", "\x00", "\ufeff", "　", "會員", "é"]
)  # fmt: skip


@st.composite
def csv_text(draw: st.DrawFn) -> str:
    header = draw(st.lists(st.sampled_from(HEADER_WORDS), min_size=0, max_size=12))
    rows = draw(
        st.lists(
            st.lists(st.one_of(CELL_PIECES, st.text(max_size=20)), max_size=len(header) + 3),
            max_size=8,
        )
    )
    return "\n".join([",".join(header), *(",".join(r) for r in rows)])


@st.composite
def hostile_file(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from([*KINDS, *(k.zh for k in KINDS.values()), "unknown"]))
    name = f"{kind}{draw(st.sampled_from(['', '_2026Q1', '-x']))}{draw(st.sampled_from(['.csv', '.xlsx', '.txt', '']))}"
    how = draw(st.sampled_from(["bytes", "text"]))
    if how == "bytes":
        data = draw(st.binary(max_size=400))
        if draw(st.booleans()):
            data = b"PK\x03\x04" + data  # looks like a workbook, is not one
    else:
        text = draw(csv_text())
        data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return name, data


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_file())
def test_reader_returns_a_report_for_anything(case: tuple[str, bytes]) -> None:
    name, data = case
    table = read(Path(name), None, data)
    assert table.errors or table.frame is not None
    if table.is_readable:
        typed = normalize(table)
        assert typed.frame.height == table.rows


@pytest.fixture(scope="module")
def loaded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    inbox = root / "in"
    inbox.mkdir()
    write(inbox, "units.csv", "unit_id,name_zh,parent_unit_id\nHQ,本院,\nU1,化学所,HQ\n")
    write(
        inbox,
        "organizations.csv",
        "org_id,name_en,scope,hq_country\nISC,Science Council,comprehensive,FR\n",
    )
    report = run_batch([inbox], data_dir=DataDir(root / "data"))
    assert report.status == "accepted"
    return root / "data"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(hostile_file(), min_size=1, max_size=3))
def test_a_rejected_batch_never_changes_the_warehouse(
    loaded_dir: Path, tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, bytes]]
) -> None:
    work = tmp_path_factory.mktemp("case")
    data_dir = DataDir(work / "data")
    shutil.copytree(loaded_dir, data_dir.root)
    inbox = work / "in"
    inbox.mkdir()
    paths = []
    for i, (name, data) in enumerate(files):
        path = inbox / f"{i}-{name or 'file'}"
        path.write_bytes(data)
        paths.append(path)
    before = snapshot(data_dir)
    report = run_batch(paths, data_dir=data_dir)
    assert report.status in ("accepted", "rejected", "unchanged")
    if report.status == "rejected":
        assert report.error_count > 0
        assert snapshot(data_dir) == before
    shutil.rmtree(work)

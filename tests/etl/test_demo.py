"""The demo-data factory: determinism, the paper's patterns, the contract's hard rules, scale,
and the two file styles describing the same records.

The hard rules are re-checked here by hand (not through the generator's own code), and the
files are read back with polars/openpyxl and mapped through `etl.schema`'s alias and label
helpers, as the loader would.
"""

from __future__ import annotations

import codecs
import collections
import csv
import datetime as dt
import hashlib
import io
import random
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pycountry
import pytest

from etl import clock, demo
from etl.demo import codes, world
from etl.demo.organizations import build_orgs
from etl.schema import (
    ID_PATTERN,
    KIND_ORDER,
    KINDS,
    ROR_PATTERN,
    Column,
    Kind,
    enum_inputs,
    header_aliases,
    kind_for_name,
)

TODAY = dt.date(2026, 3, 15)
SEED = 20240601
ID_RE = re.compile(ID_PATTERN)
PERSON_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
DATE_SPELLINGS = {
    "iso": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    "slash": re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    "dot": re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    "zh": re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
}
PL_TYPES = {
    "id": pl.String,
    "text": pl.String,
    "enum": pl.String,
    "country": pl.String,
    "currency": pl.String,
    "date": pl.Date,
    "integer": pl.Int64,
    "decimal": pl.Float64,
}


@pytest.fixture(scope="module")
def frames() -> dict[str, pl.DataFrame]:
    return demo.generate(SEED, today=TODAY)


@pytest.fixture(scope="module")
def scaled() -> dict[str, pl.DataFrame]:
    return demo.generate(11, fact_rows=20_000, today=TODAY)


def rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dicts()


def latest(frame: pl.DataFrame, column: str) -> dt.date:
    value = frame.get_column(column).max()
    assert isinstance(value, dt.date)
    return value


def fact_count(frames: dict[str, pl.DataFrame]) -> int:
    return sum(frames[k].height for k in ("conferences", "memberships", "posts", "offices"))


# --- the catalog ------------------------------------------------------------------------------


def test_catalog_holds_real_organizations() -> None:
    kind = KINDS["organizations"]
    with demo.CATALOG_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        body = [dict(zip(header, r, strict=True)) for r in reader]
    assert tuple(header) == kind.column_names
    assert len(body) >= 45
    by_acronym = {r["acronym"]: r for r in body}
    assert len({r["org_id"] for r in body}) == len(body)
    for acronym in ("ISC", "IAP", "TWAS", "UNESCO"):
        assert by_acronym[acronym]["scope"] == "comprehensive"
    for acronym in ("IUPAC", "IUGG", "IEEE", "IFAC", "IAU", "IUBMB", "IGU", "ICA", "IUFoST",
                    "IWA", "ISPRS", "CODATA"):  # fmt: skip
        assert by_acronym[acronym]["scope"] == "specialized", acronym
    # A few facts anyone can check.
    assert (by_acronym["IUPAC"]["hq_country"], by_acronym["IUPAC"]["founded_year"]) == (
        "CH",
        "1919",
    )
    assert (by_acronym["IAU"]["hq_country"], by_acronym["IAU"]["founded_year"]) == ("FR", "1919")
    assert (by_acronym["IEEE"]["hq_country"], by_acronym["IEEE"]["founded_year"]) == ("US", "1963")
    assert (by_acronym["IWA"]["hq_country"], by_acronym["IWA"]["founded_year"]) == ("GB", "1999")
    assert by_acronym["IUPAC"]["name_zh"] == "国际纯粹与应用化学联合会"
    for r in body:
        assert ID_RE.match(r["org_id"]) and r["name_en"] and r["name_zh"]
        assert pycountry.countries.get(alpha_2=r["hq_country"]) is not None, r
        assert 1800 <= int(r["founded_year"]) <= clock.today().year
        assert r["ror_id"] == "" or re.match(ROR_PATTERN, r["ror_id"])


def test_the_data_files_ship_with_the_package() -> None:
    """Every names-and-places file is package data (pyproject), read through the package."""
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[2]
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["etl"]
    data = sorted((root / "etl" / "demo" / "data").iterdir())
    assert {p.suffix for p in data} == {".csv", ".json"}
    for path in [*data, root / "etl" / "catalog" / "organizations.csv"]:
        relative = path.relative_to(root / "etl").as_posix()
        assert any(fnmatch.fnmatch(relative, g) for g in globs), relative
    assert world.DATA.joinpath("institutes.csv").is_file()
    assert len(world.INSTITUTES) >= 15 and set(world.CORE_INSTITUTES) <= {
        t.code for t in world.INSTITUTES
    }


def test_a_code_the_schema_lacks_is_refused() -> None:
    assert codes.code("posts", "level", "leader") == "leader"
    with pytest.raises(ValueError, match="posts.level has no code 'chief'"):
        codes.code("posts", "level", "chief")


def test_a_catalog_with_another_header_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "organizations.csv"
    bad.write_text("org_id,name\nORG1,Some Union\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header must be"):
        demo.load_catalog(bad)


# --- determinism and shape ---------------------------------------------------------------------


def test_same_seed_same_frames_and_different_seed_different(
    frames: dict[str, pl.DataFrame],
) -> None:
    again = demo.generate(SEED, today=TODAY)
    assert list(again) == list(KIND_ORDER)
    for kind in KIND_ORDER:
        assert again[kind].equals(frames[kind]), kind
    other = demo.generate(SEED + 1, today=TODAY)
    assert not other["conferences"].equals(frames["conferences"])
    assert not other["posts"].equals(frames["posts"])


@pytest.mark.parametrize("which", ["frames", "scaled"])
def test_frames_have_exactly_the_schema_columns(which: str, request: pytest.FixtureRequest) -> None:
    data: dict[str, pl.DataFrame] = request.getfixturevalue(which)
    assert tuple(data) == KIND_ORDER
    for name, kind in KINDS.items():
        frame = data[name]
        assert tuple(frame.columns) == kind.column_names
        assert frame.height > 0, name
        for col in kind.columns:
            assert frame.schema[col.name] == PL_TYPES[col.type], (name, col.name)
        # Python-typed values, enum codes (not labels).
        first = frame.row(0, named=True)
        for col in kind.columns:
            value = first[col.name]
            if value is not None and col.type == "date":
                assert type(value) is dt.date
        for col in kind.columns:
            if col.type == "enum":
                assert set(frame.get_column(col.name).drop_nulls()) <= set(col.codes)


# --- the default academy looks like the paper's -------------------------------------------------


def test_default_is_one_academy_with_8_to_15_subunits(frames: dict[str, pl.DataFrame]) -> None:
    units = rows(frames["units"])
    roots = [u for u in units if u["parent_unit_id"] is None]
    assert len(roots) == 1
    assert 8 <= len(units) - 1 <= 15
    assert all(re.search(r"研究所|研究院|实验室", u["name_zh"]) for u in units if u not in roots)
    # Every catalog organization, and nothing else, in the default set.
    catalog = {r["org_id"] for r in demo.load_catalog()}
    assert set(frames["organizations"]["org_id"]) == catalog
    assert len(catalog) >= 40
    # Ten years or more, up to today, a few thousand facts.
    years = {d.year for d in frames["conferences"]["start_date"]}
    assert len(years) >= 10 and max(years) == TODAY.year
    assert latest(frames["conferences"], "start_date") <= TODAY
    assert 1500 <= fact_count(frames) <= 6000


def test_conferences_mostly_attended_cohosting_grows_cloud_from_2020(
    frames: dict[str, pl.DataFrame],
) -> None:
    conf = rows(frames["conferences"])
    roles = collections.Counter(c["role"] for c in conf)
    cohosted = roles["co_hosted"] + roles["hosted"]
    assert roles["hosted"] > 0 and roles["co_hosted"] > 0
    assert roles["attended"] >= 8 * cohosted  # the "shallow cooperation" challenge
    by_year = collections.Counter(c["start_date"].year for c in conf if c["role"] != "attended")
    first = min(c["start_date"].year for c in conf)
    early = sum(by_year[y] for y in range(first, first + 5))
    late = sum(by_year[y] for y in range(TODAY.year - 5, TODAY.year))
    assert late > early
    cloud = [c for c in conf if c["format"] in ("online", "hybrid")]
    assert cloud and min(c["start_date"] for c in cloud) >= dt.date(2020, 1, 1)
    titles = [c["title"] for c in conf]
    assert any(re.fullmatch(r"\d{4}年.+(联合会|联盟)大会", t) for t in titles)
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in titles)
    assert sum(c["org_id"] is None for c in conf) > 0  # meetings under no organization


def test_posts_mostly_committee_few_leaders_some_ending_soon(
    frames: dict[str, pl.DataFrame],
) -> None:
    posts = rows(frames["posts"])
    levels = collections.Counter(p["level"] for p in posts)
    assert 1 <= levels["leader"] <= 0.08 * len(posts)
    assert levels["committee"] + levels["council"] >= 0.6 * len(posts)
    assert levels["committee"] > levels["council"] > levels["leader"]
    soon = [
        p
        for p in posts
        if p["level"] == "leader"
        and p["end_date"] is not None
        and TODAY < p["end_date"] <= TODAY + dt.timedelta(days=365)
    ]
    assert soon, "no leader term ends within 12 months: nothing for a succession alert"
    assert all(PERSON_RE.match(p["person_name"]) for p in posts)
    assert any(p["end_date"] is None for p in posts)  # ongoing, no end recorded


def test_memberships_intentions_deviation_individuals_fees(frames: dict[str, pl.DataFrame]) -> None:
    hq = frames["units"].filter(pl.col("parent_unit_id").is_null())["unit_id"][0]
    scope = dict(
        zip(frames["organizations"]["org_id"], frames["organizations"]["scope"], strict=True)
    )
    members = rows(frames["memberships"])
    assert sum(m["status"] in ("intended", "applying") for m in members) >= 3
    comprehensive = [
        m
        for m in members
        if m["member_type"] == "institutional"
        and scope[m["org_id"]] == "comprehensive"
        and m["status"] not in ("intended", "applying")
    ]
    by_hq = [m for m in comprehensive if m["unit_id"] == hq]
    deviations = [m for m in comprehensive if m["unit_id"] != hq]
    assert 1 <= len(deviations) <= 2  # the soft-rule warning has something to show
    assert len(by_hq) > len(deviations)
    individual = [m for m in members if m["member_type"] == "individual"]
    assert len(individual) >= 20 and all(PERSON_RE.match(m["person_name"]) for m in individual)
    fees = [m for m in members if m["annual_fee"] is not None]
    assert len(fees) >= 0.5 * len(members)
    assert len({m["currency"] for m in fees}) >= 3


def test_offices_through_every_stage_and_safeguards_in_every_category(
    frames: dict[str, pl.DataFrame],
) -> None:
    offices = rows(frames["offices"])
    statuses = collections.Counter(o["status"] for o in offices)
    assert set(statuses) == {"negotiating", "approved", "established", "closed"}
    assert statuses["closed"] == 1 and len(offices) <= 10
    safeguards = rows(frames["safeguards"])
    assert {s["category"] for s in safeguards} == set(KINDS["safeguards"].column("category").codes)
    assert {s["status"] for s in safeguards} == {"planned", "in_progress", "done"}
    assert any(s["amount_cny"] for s in safeguards) and any(s["people"] for s in safeguards)
    assert any(s["unit_id"] is None for s in safeguards)
    assert any(s["unit_id"] is not None for s in safeguards)


def test_targets_per_year_some_met_some_not(frames: dict[str, pl.DataFrame]) -> None:
    targets = rows(frames["targets"])
    academy = [t for t in targets if t["unit_id"] is None]
    indicators = {t["indicator"] for t in academy}
    assert {"conferences_attended", "conferences_cohosted", "posts_held", "posts_leader",
            "memberships_active"} <= indicators  # fmt: skip
    assert len({t["year"] for t in academy}) >= 8
    assert any(t["unit_id"] is not None for t in targets)
    # Achievement computed here from the facts, independently of the generator.
    attended = collections.Counter(
        c["start_date"].year for c in rows(frames["conferences"]) if c["role"] == "attended"
    )
    outcomes = {
        attended[t["year"]] >= t["target"]
        for t in academy
        if t["indicator"] == "conferences_attended" and t["year"] < TODAY.year
    }
    assert outcomes == {True, False}


# --- the contract's hard rules, checked by hand -------------------------------------------------


def check_hard_rules(data: dict[str, pl.DataFrame]) -> list[str]:
    problems: list[str] = []
    table = {name: rows(frame) for name, frame in data.items()}

    def bad(kind: str, record: dict[str, Any], why: str) -> None:
        problems.append(f"{kind}: {why}: {record}")

    for name, kind in KINDS.items():
        for col in kind.columns:
            values = [r[col.name] for r in table[name]]
            if col.required and any(v is None for v in values):
                problems.append(f"{name}.{col.name}: missing required value")
            present = [v for v in values if v is not None]
            if col.type == "id" and any(not ID_RE.match(v) for v in present):
                problems.append(f"{name}.{col.name}: malformed id")
            if col.unique and len(set(values)) != len(values):
                problems.append(f"{name}.{col.name}: duplicate")
            if col.type == "country" and any(
                v != v.upper() or pycountry.countries.get(alpha_2=v) is None for v in present
            ):
                problems.append(f"{name}.{col.name}: not an ISO country")
            if col.type == "currency" and any(
                pycountry.currencies.get(alpha_3=v) is None for v in present
            ):
                problems.append(f"{name}.{col.name}: not an ISO currency")
            if col.type == "enum" and not set(present) <= set(col.codes):
                problems.append(f"{name}.{col.name}: unknown code")
            minimum = col.min_value
            numeric = col.type in ("integer", "decimal") and present
            if numeric and minimum is not None and min(present) < minimum:
                problems.append(f"{name}.{col.name}: below {minimum}")
            if col.type == "text" and any(not v.strip() for v in present):
                problems.append(f"{name}.{col.name}: blank text")
    keys = [(t["year"], t["end_year"], t["indicator"], t["unit_id"]) for t in table["targets"]]
    if len(set(keys)) != len(keys):
        problems.append("targets: duplicate (year, end_year, indicator, unit_id)")
    if any(not 2000 <= t["year"] <= 2100 for t in table["targets"]):
        problems.append("targets: year out of range")

    units = {u["unit_id"]: u["parent_unit_id"] for u in table["units"]}
    orgs = {o["org_id"] for o in table["organizations"]}
    for uid in units:  # every chain of parents ends at the headquarters
        seen, cur = set(), uid
        while cur is not None:
            if cur in seen or cur not in units:
                problems.append(f"units: cycle or dangling parent at {uid}")
                break
            seen.add(cur)
            cur = units[cur]
    for o in table["organizations"]:
        if o["ror_id"] is not None and not re.match(ROR_PATTERN, o["ror_id"]):
            bad("organizations", o, "ror_id")
    for fact in ("memberships", "conferences", "posts", "offices", "safeguards"):
        for r in table[fact]:
            if r["unit_id"] is not None and r["unit_id"] not in units:
                bad(fact, r, "unit_id FK")
            if "org_id" in r and r["org_id"] is not None and r["org_id"] not in orgs:
                bad(fact, r, "org_id FK")
    for t in table["targets"]:
        if t["unit_id"] is not None and t["unit_id"] not in units:
            bad("targets", t, "unit_id FK")

    for m in table["memberships"]:
        if m["member_type"] == "individual" and not m["person_name"]:
            bad("memberships", m, "individual without person_name")
        if m["status"] in ("active", "lapsed", "withdrawn") and m["start_date"] is None:
            bad("memberships", m, "start_date required")
        if m["end_date"] and m["start_date"] and m["end_date"] < m["start_date"]:
            bad("memberships", m, "end before start")
        if m["annual_fee"] is not None and m["currency"] is None:
            bad("memberships", m, "fee without currency")
    for fact in ("conferences", "posts"):
        for r in table[fact]:
            if r["end_date"] is not None and r["end_date"] < r["start_date"]:
                bad(fact, r, "end before start")
    for c in table["conferences"]:
        if c["countries_total"] is not None and c["countries_total"] < 1:
            bad("conferences", c, "countries_total < 1")
    for o in table["offices"]:
        if o["status"] in ("established", "closed") and o["established_date"] is None:
            bad("offices", o, "established_date required")
        if o["status"] == "closed" and o["closed_date"] is None:
            bad("offices", o, "closed_date required")
        if o["closed_date"] and o["established_date"] and o["closed_date"] < o["established_date"]:
            bad("offices", o, "closed before established")
    for s in table["safeguards"]:
        if s["status"] == "done" and s["done_date"] is None:
            bad("safeguards", s, "done_date required")
    for o in table["organizations"]:
        if o["founded_year"] is not None and not 1800 <= o["founded_year"] <= TODAY.year:
            bad("organizations", o, "founded_year")
    return problems


@pytest.mark.parametrize("which", ["frames", "scaled"])
def test_every_record_satisfies_the_hard_rules(which: str, request: pytest.FixtureRequest) -> None:
    problems = check_hard_rules(request.getfixturevalue(which))
    assert problems == [], problems[:10]


def test_other_seeds_and_dates_satisfy_the_hard_rules_too() -> None:
    for seed, today in ((1, dt.date(2024, 1, 1)), (99, dt.date(2025, 12, 31))):
        data = demo.generate(seed, today=today)
        assert check_hard_rules(data) == []
        assert latest(data["conferences"], "start_date") <= today


# --- benchmark scale ----------------------------------------------------------------------------


def test_fact_rows_scales_within_ten_percent(scaled: dict[str, pl.DataFrame]) -> None:
    total = fact_count(scaled)
    assert 18_000 <= total <= 22_000
    assert scaled["conferences"].height > 0.6 * total  # conferences are the bulk
    assert scaled["units"].height > 16
    assert scaled["organizations"].height >= len(demo.load_catalog())


def test_generated_organizations_are_plausible_and_unique() -> None:
    orgs = build_orgs(random.Random(5), demo.load_catalog(), 600_000)
    assert len(orgs) == 400
    names = [o.row["name_en"] for o in orgs]
    assert len(set(names)) == len(names)
    generated = [o for o in orgs if o.org_id.startswith("GX")]
    assert generated and all(ID_RE.match(o.org_id) for o in generated)
    assert all(re.search(r"[\u4e00-\u9fff]", o.name_zh) for o in generated)


# --- files: plain and analyst describe the same records -----------------------------------------


def parse_date(text: str) -> dt.date:
    for pattern in DATE_SPELLINGS.values():
        m = pattern.match(text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    raise AssertionError(f"not an allowed date spelling: {text!r}")


def parse_cell(col: Column, cell: Any) -> Any:
    if isinstance(cell, dt.datetime):
        assert col.type == "date"
        return cell.date()
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return int(cell) if col.type == "integer" else float(cell)
    text = "" if cell is None else str(cell).strip()
    if not text:
        return col.default
    if col.type == "enum":
        return enum_inputs(col)[text.lower()]
    if col.type == "date":
        return parse_date(text)
    if col.type == "integer":
        return int(text)
    if col.type == "decimal":
        return float(text)
    if col.type == "country":
        return text.upper()
    return text


def read_back(path: Path) -> tuple[list[str], list[tuple[Any, ...]], str]:
    """Header, rows and encoding of a file as the loader would see them."""
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        sheet = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
        return [str(h) for h in sheet[0]], [tuple(r) for r in sheet[1:]], "xlsx"
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        try:
            raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"
    text = raw.decode(encoding)
    frame = pl.read_csv(io.BytesIO(text.encode("utf-8")), infer_schema=False)
    return frame.columns, frame.rows(), encoding


def records(kind: Kind, header: list[str], body: list[tuple[Any, ...]]) -> collections.Counter[Any]:
    aliases = header_aliases(kind)
    names = [aliases[h.strip().lower()] for h in header]
    assert sorted(names) == sorted(kind.column_names)
    out: collections.Counter[Any] = collections.Counter()
    for raw in body:
        parsed = {n: parse_cell(kind.column(n), cell) for n, cell in zip(names, raw, strict=True)}
        out[tuple(parsed[c] for c in kind.column_names)] += 1
    return out


def test_plain_and_analyst_files_hold_the_same_records(
    frames: dict[str, pl.DataFrame], tmp_path: Path
) -> None:
    plain = demo.write_files(frames, tmp_path / "plain")
    analyst = demo.write_files(frames, tmp_path / "analyst", style="analyst")
    assert [p.name for p in plain] == [f"{k}.csv" for k in KIND_ORDER]
    assert len(analyst) == len(KIND_ORDER)

    encodings: set[str] = set()
    spellings: set[str] = set()
    conference_labels: set[str] = set()
    for name, p_path, a_path in zip(KIND_ORDER, plain, analyst, strict=True):
        kind = KINDS[name]
        assert kind_for_name(a_path.stem) is kind, a_path.name
        assert a_path.name != f"{name}.csv"
        p_header, p_rows, p_encoding = read_back(p_path)
        a_header, a_rows, a_encoding = read_back(a_path)
        assert p_encoding == "utf-8" and tuple(p_header) == kind.column_names
        assert a_header != p_header and any(re.search(r"[\u4e00-\u9fff]", h) for h in a_header)
        encodings.add(a_encoding)
        expected = collections.Counter(tuple(r) for r in frames[name].rows())
        assert records(kind, p_header, p_rows) == expected, name
        assert records(kind, a_header, a_rows) == expected, name
        if a_encoding != "xlsx":
            for header, cells in zip(a_header, zip(*a_rows, strict=True), strict=True):
                column = kind.column(header_aliases(kind)[header.strip().lower()])
                texts = {str(c).strip() for c in cells if c}
                if column.type == "date":
                    spellings |= {
                        s for t in texts for s, rx in DATE_SPELLINGS.items() if rx.match(t)
                    }
                if name == "conferences" and column.name == "role":
                    conference_labels |= texts
        else:
            assert any(isinstance(c, dt.datetime) for r in a_rows for c in r)  # real date cells
    assert {"xlsx", "gb18030", "utf-8-sig"} <= encodings
    assert spellings == set(DATE_SPELLINGS)
    assert {"参加", "合办", "协办", "联合举办", "承办", "主办"} <= conference_labels


def test_write_files_is_stable_and_rejects_unknown_style(
    frames: dict[str, pl.DataFrame], tmp_path: Path
) -> None:
    first = demo.write_files(frames, tmp_path / "a", style="analyst")
    second = demo.write_files(frames, tmp_path / "b", style="analyst")
    for a, b in zip(first, second, strict=True):
        assert a.name == b.name
        if a.suffix == ".csv":
            assert a.read_bytes() == b.read_bytes()
    with pytest.raises(ValueError):
        demo.write_files(frames, tmp_path / "c", style="fancy")  # type: ignore[arg-type]


# --- one membership in force per holder ---------------------------------------------------------


def overlapping_memberships(memberships: pl.DataFrame) -> list[str]:
    """Memberships of one holder (unit, organization, member type, and the person for an
    individual one) in force at the same time. Intended/applying ones are not in force."""
    spans: dict[tuple[Any, ...], list[tuple[dt.date, dt.date, str]]] = collections.defaultdict(list)
    for m in rows(memberships):
        if m["start_date"] is None:
            continue
        person = m["person_name"] if m["member_type"] == "individual" else None
        holder = (m["unit_id"], m["org_id"], m["member_type"], person)
        spans[holder].append((m["start_date"], m["end_date"] or dt.date.max, m["membership_id"]))
    problems: list[str] = []
    for holder, held in spans.items():
        held.sort()
        last_end, last_id = dt.date.min, ""
        for start, end, membership_id in held:
            if start <= last_end:  # dates are inclusive: ending on the day the next starts overlaps
                problems.append(f"{holder}: {last_id} and {membership_id} both in force on {start}")
            if end > last_end:
                last_end, last_id = end, membership_id
    return problems


def intentions_already_held(memberships: pl.DataFrame, today: dt.date) -> list[str]:
    """Intentions (intended/applying) for an organization the unit is a member of in force
    today, or listed twice."""
    members = rows(memberships)
    in_force = {
        (m["unit_id"], m["org_id"])
        for m in members
        if m["member_type"] == "institutional"
        and m["start_date"] is not None
        and m["start_date"] <= today
        and (m["end_date"] is None or m["end_date"] >= today)
    }
    intents = [
        (m["unit_id"], m["org_id"]) for m in members if m["status"] in ("intended", "applying")
    ]
    twice = [k for k, n in collections.Counter(intents).items() if n > 1]
    return [f"{k}: intended while a member" for k in intents if k in in_force] + [
        f"{k}: on the intention list twice" for k in twice
    ]


def test_the_overlap_check_finds_a_membership_held_twice() -> None:
    def row(mid: str, start: str, end: str | None, person: str | None = None) -> dict[str, Any]:
        return {
            "membership_id": mid, "unit_id": "U1", "org_id": "ORG1",
            "member_type": "individual" if person else "institutional", "person_name": person,
            "status": "active" if end is None else "lapsed",
            "start_date": dt.date.fromisoformat(start),
            "end_date": dt.date.fromisoformat(end) if end else None,
        }  # fmt: skip

    overlapping = pl.DataFrame(
        [row("M1", "2015-01-01", "2018-06-30"), row("M2", "2018-06-30", None)]
    )
    assert len(overlapping_memberships(overlapping)) == 1
    rejoined = pl.DataFrame([row("M1", "2015-01-01", "2018-06-30"), row("M2", "2018-07-01", None)])
    assert overlapping_memberships(rejoined) == []
    two_people = pl.DataFrame(
        [row("M1", "2015-01-01", None, "王伟"), row("M2", "2016-01-01", None, "李娜")]
    )
    assert overlapping_memberships(two_people) == []
    nested = pl.DataFrame(
        [row("M1", "2010-01-01", None), row("M2", "2012-01-01", "2013-01-01"),
         row("M3", "2014-01-01", "2015-01-01")]
    )  # fmt: skip
    assert len(overlapping_memberships(nested)) == 2


@pytest.mark.parametrize(
    ("seed", "fact_rows"),
    [(SEED, None), (7, None), (1, None), (99, None), (7, 3000), (20240601, 3000), (11, 20_000),
     (5, 60_000)],
)  # fmt: skip
def test_no_holder_has_two_memberships_in_force(seed: int, fact_rows: int | None) -> None:
    today = dt.date(2026, 6, 15)
    data = demo.generate(seed, fact_rows=fact_rows, today=today)
    memberships = data["memberships"]
    assert overlapping_memberships(memberships) == []
    assert intentions_already_held(memberships, today) == []
    if fact_rows is not None:  # the units' limits do not cost the benchmark its size
        assert memberships.height == round(fact_rows * 0.058)
        assert fact_count(data) == fact_rows
    # Re-joins after a lapse exist and are told apart from duplicates by their dates.
    statuses = collections.Counter(memberships["status"])
    assert statuses["active"] > statuses["lapsed"] > 0


# --- byte-identical output ----------------------------------------------------------------------

DIGEST_TODAY = dt.date(2026, 6, 15)

# sha256 of every file `write_files` writes for these frames, as recorded. The same seed and
# `today` must give the same bytes (a CSV) or the same content (the xlsx workbook: its members
# uncompressed, so the zlib build does not matter).
# When the output changes on purpose (the schema, a generator, a data file in etl/demo/data):
# run this test, check in the failure's diff that only the files you meant changed, then
# replace the dict below with the `actual` one the failure shows (or print it with
#   .venv/bin/python -c "from tests.etl.test_demo import file_digests; print(file_digests())"
# from the repository root).
RECORDED_DIGESTS: dict[str, str] = {
    "20240601/None/plain/units.csv": "18d693d54434841abfae794e2fabfd4c7ebda6d24d7fd6b15032ccbff124ae61",
    "20240601/None/plain/organizations.csv": "95e462e82ec46912bb18a7db84d76e24f5c1a11de4ed4afcaf081e6bd3924554",
    "20240601/None/plain/memberships.csv": "ac6dd7bf97fa490b5276a17d5ae953e66786b2d00fb329ea29eb66e846ba840d",
    "20240601/None/plain/conferences.csv": "d5bfd20a37ae3339c67d9a89605d64c026db6a5c3e1a0c7fcd569054df3d4538",
    "20240601/None/plain/posts.csv": "94fe227cb658d4867ba4a2efda0c3dcb9cb77c251e71098bf8b507fa2f874970",
    "20240601/None/plain/offices.csv": "b7b920198b3b7f45c336b2c87f2aa9e69b8394d6597ee0c5398b57bd04f51fa7",
    "20240601/None/plain/safeguards.csv": "be90eb1c61af734cc924ee5f52d741ebce7e9a3a41ac303636d44329b8e60fcf",
    "20240601/None/plain/targets.csv": "b890b750475cc69d1335a5a23ebe951c0bcc2ca56fa37bcb1a3d425301f17ac3",
    "20240601/None/analyst/单位名录_2026.csv": "7ef96a5578a056b0b10262b359df31afae10149848bf0da09e6d9acc9794418f",
    "20240601/None/analyst/国际组织名录.csv": "9a8562b83ecbffb0ece4e465a422e718f1eb823061f16eaf5387c80edf593304",
    "20240601/None/analyst/memberships_2026Q2.csv": "863dc91c1cc42d50634e4995634b049be6720b9da203d472b99c69524f945eba",
    "20240601/None/analyst/2026-国际会议.csv": "a2911f447f9419f3f44926c4eb0c85c3e3db8ff9bf9c07d3f3fbf4f62691e4f9",
    "20240601/None/analyst/2026年任职情况.xlsx": "59898dbfba9223a9b39f6b0836d4976403513b227afb081a70598cfc10e48ea2",
    "20240601/None/analyst/落户机构.csv": "8fdb4b39a8449c5e515427c8ead0a815518525128cbac12313b71b2fd0af6204",
    "20240601/None/analyst/保障措施台账_2026.csv": "266a7f51e6cf803355f384f6299d75d3e397e4a8010dc428f836d5cd15b7a050",
    "20240601/None/analyst/2026年度目标.csv": "bb29c34e52a3536bd6076375853f207669d67865b189f243d4849b4c736875e2",
    "7/3000/plain/units.csv": "53196177bff8003fe641af1b6a7655ef8d134d0ecdbe23514e2266b88ac0c0a4",
    "7/3000/plain/organizations.csv": "95e462e82ec46912bb18a7db84d76e24f5c1a11de4ed4afcaf081e6bd3924554",
    "7/3000/plain/memberships.csv": "b1b57f85e1e89ca3815865615fe0b6a9ae392d0bc4666ca0399c55548027fcb4",
    "7/3000/plain/conferences.csv": "128aad9c1970adfa466d359da3041dd13a69322e4ff0432463400e519cf798b5",
    "7/3000/plain/posts.csv": "ce5291a8e98cb573ba7f85ba7d4e1ed4979711225d7b6926a3a3db699dcab427",
    "7/3000/plain/offices.csv": "ca32d0c459e75c259334c96e9235dfaa0f45347eac8af9a836ef9ebf50286229",
    "7/3000/plain/safeguards.csv": "c142b0b4c2b3209129cc5bfcf12a88716bf7350fef601cae74fbceec509944ef",
    "7/3000/plain/targets.csv": "a520dafca9c2166abce245d3e008120f4fb3b4eabd984278a7d737206a6c68ae",
}


def content_digest(path: Path) -> str:
    if path.suffix != ".xlsx":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as book:
        for name in sorted(book.namelist()):
            digest.update(name.encode() + b"\0" + book.read(name) + b"\0")
    return digest.hexdigest()


def file_digests(folder: Path | None = None) -> dict[str, str]:
    """The digest of each demo file, keyed `<seed>/<fact_rows>/<style>/<file name>`."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = folder or Path(tmp)
        digests: dict[str, str] = {}
        for seed, fact_rows, style in ((SEED, None, "plain"), (SEED, None, "analyst"),
                                       (7, 3000, "plain")):  # fmt: skip
            frames = demo.generate(seed, fact_rows=fact_rows, today=DIGEST_TODAY)
            target = out / f"{seed}-{fact_rows}-{style}"
            for path in demo.write_files(frames, target, style=style):  # type: ignore[arg-type]
                digests[f"{seed}/{fact_rows}/{style}/{path.name}"] = content_digest(path)
        return digests


def test_demo_files_are_byte_identical_to_the_recorded_ones(tmp_path: Path) -> None:
    actual = file_digests(tmp_path)
    assert len(actual) == 2 * len(KIND_ORDER) + len(KIND_ORDER)
    assert actual == RECORDED_DIGESTS

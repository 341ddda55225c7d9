"""The demo academy's world of names and places, read from the data files in `data/`.

- `academy.json`: the academy (id, names, home city) and the institutes it always has;
- `institutes.csv`: the institute templates (fields separated by `|`, each a key of topics);
- `branch_cities.csv`: cities of the branch academies in the benchmark-sized data set;
- `topics.json`: conference topics (and committee names) per catalog field;
- `generated_*.csv|json`: the parts of the generated (benchmark-only) organizations' names;
- `venues.csv`: meeting venues abroad and in China (city, ISO country);
- `person_names.json`: surnames (commonest first) and given-name characters;
- `positions.json`: post titles per post level (`{}` = a topic);
- `joining.json`: which catalog organizations (by acronym) take which members;
- `dues.json`: the currency of an organization's dues, by headquarters country;
- `measures.json`: the academy's safeguard measures (categories are schema codes).

Everything is checked on load (codes against the schema, fields against the topics), so an
edited data file fails here with the file named, not later as odd records.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from etl.demo.codes import COMMITTEE, COUNCIL, LEADER, OTHER, code

DATA = resources.files("etl.demo") / "data"


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _table(name: str, header: tuple[str, ...]) -> list[dict[str, str]]:
    # Bytes wrapped with newline="" as the csv module wants; a resource has no such mode.
    with io.TextIOWrapper((DATA / name).open("rb"), encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != header:
            raise ValueError(f"etl/demo/data/{name}: header must be {','.join(header)}")
        return list(reader)


def _check(ok: bool, name: str, why: str) -> None:
    if not ok:
        raise ValueError(f"etl/demo/data/{name}: {why}")


@dataclass(frozen=True)
class Template:
    """An institute the academy (or a branch academy) may have, with its key laboratory."""

    code: str
    name_zh: str
    name_en: str
    fields: tuple[str, ...]
    lab_zh: str
    lab_en: str
    city: str


# --- the academy and its institutes -----------------------------------------------------------

_academy = _json("academy.json")
ACADEMY_ID: str = _academy["unit_id"]
ACADEMY_ZH: str = _academy["name_zh"]
ACADEMY_EN: str = _academy["name_en"]
HOME_CITY: str = _academy["city"]

INSTITUTES: tuple[Template, ...] = tuple(
    Template(
        r["code"],
        r["name_zh"],
        r["name_en"],
        tuple(r["fields"].split("|")),
        r["lab_zh"],
        r["lab_en"],
        r["city"],
    )
    for r in _table(
        "institutes.csv", ("code", "name_zh", "name_en", "fields", "lab_zh", "lab_en", "city")
    )
)
# Always present in the default academy: the soft-rule deviation and the offices rely on them.
CORE_INSTITUTES: tuple[str, ...] = tuple(_academy["core_institutes"])
_check(
    set(CORE_INSTITUTES) <= {t.code for t in INSTITUTES},
    "academy.json",
    "core_institutes must be codes of institutes.csv",
)

BRANCH_CITIES: tuple[tuple[str, str, str], ...] = tuple(
    (r["city_zh"], r["code"], r["city_en"])
    for r in _table("branch_cities.csv", ("city_zh", "code", "city_en"))
)

# --- fields and topics ------------------------------------------------------------------------

_topics = _json("topics.json")
MULTI: str = _topics["comprehensive_field"]  # the catalog's field for comprehensive organizations
TOPICS: dict[str, tuple[str, ...]] = {f: tuple(ts) for f, ts in _topics["topics"].items()}
FIELDS: tuple[str, ...] = tuple(TOPICS)
FIELD_IDS: dict[str, int] = {f: i for i, f in enumerate(FIELDS)}
_check(MULTI in TOPICS, "topics.json", f"topics must include the field {MULTI!r}")
_check(
    all(f in TOPICS for t in INSTITUTES for f in t.fields),
    "institutes.csv",
    "every field must be a key of topics.json",
)

# --- generated organizations (benchmark scale only) -------------------------------------------

GEN_TOPICS: tuple[tuple[str, str, str], ...] = tuple(
    (r["field"], r["topic_en"], r["topic_zh"])
    for r in _table("generated_topics.csv", ("field", "topic_en", "topic_zh"))
)
_check(
    all(f in TOPICS for f, _, _ in GEN_TOPICS),
    "generated_topics.csv",
    "every field must be a key of topics.json",
)
GEN_PATTERNS: tuple[tuple[str, str], ...] = tuple(
    (r["name_en"], r["name_zh"]) for r in _table("generated_patterns.csv", ("name_en", "name_zh"))
)
# (English, Chinese) suffixes telling apart the regional namesakes of one name; "" = none.
GEN_QUALIFIERS: tuple[tuple[str, str], ...] = tuple(
    (f" ({r['qualifier_en']})" if r["qualifier_en"] else "",
     f"（{r['qualifier_zh']}）" if r["qualifier_zh"] else "")
    for r in _table("generated_qualifiers.csv", ("qualifier_en", "qualifier_zh"))
)  # fmt: skip
GEN_HQ: tuple[str, ...] = tuple(_json("generated_hq_countries.json"))

# --- venues -----------------------------------------------------------------------------------

_venues = [(r["city"], r["country"]) for r in _table("venues.csv", ("city", "country"))]
VENUES: tuple[tuple[str, str], ...] = tuple(v for v in _venues if v[1] != "CN")
CN_VENUES: tuple[str, ...] = tuple(city for city, country in _venues if country == "CN")

# --- people -----------------------------------------------------------------------------------

_names = _json("person_names.json")
SURNAMES: str = _names["surnames"]  # one character each, commonest first
COMPOUND_SURNAMES: tuple[str, ...] = tuple(_names["compound_surnames"])
GIVEN: str = _names["given"]  # one character each

POSITIONS: dict[str, tuple[str, ...]] = {
    code("posts", "level", level): tuple(titles)
    for level, titles in _json("positions.json").items()
}
_check(
    {LEADER, COUNCIL, COMMITTEE, OTHER} <= POSITIONS.keys(),
    "positions.json",
    "every post level needs titles",
)

# --- who can join whom, and what it costs ----------------------------------------------------

_joining = _json("joining.json")
# Intergovernmental bodies, centres and foundations take no academy members at all ...
STATES_ONLY = frozenset(_joining["states_only"])
# ... academies of elected individuals take no institutions ...
FELLOWS_ONLY = frozenset(_joining["fellows_only"])
# ... and these societies have personal members besides (or instead of) national ones.
PERSONAL_MEMBERS = FELLOWS_ONLY | frozenset(_joining["personal_members"])

_dues = _json("dues.json")
EURO = frozenset(_dues["euro_countries"])
FEE_CURRENCY: dict[str, str] = dict(_dues["currency_by_country"])
PER_USD: dict[str, float] = {c: float(v) for c, v in _dues["per_usd"].items()}
_check(
    {"USD", "EUR", *FEE_CURRENCY.values()} <= PER_USD.keys(),
    "dues.json",
    "per_usd must price every currency",
)

# --- safeguard measures -----------------------------------------------------------------------

_measures = _json("measures.json")


def _range(value: list[int] | None) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


# One-off academy-wide measures: (category, title, years after the first data year).
MEASURES: tuple[tuple[str, str, int], ...] = tuple(
    (code("safeguards", "category", m["category"]), m["title"], int(m["years_after_start"]))
    for m in _measures["one_off"]
)
# Yearly measures: (category, title template, first offset, CNY amount range, people range).
YEARLY: tuple[tuple[str, str, int, tuple[int, int] | None, tuple[int, int] | None], ...] = tuple(
    (
        code("safeguards", "category", m["category"]),
        m["title"],
        int(m["first_offset"]),
        _range(m["amount_cny"]),
        _range(m["people"]),
    )
    for m in _measures["yearly"]
)
# Measures a sub-unit takes for itself ("{}" = the unit's name).
UNIT_MEASURES: tuple[tuple[str, str], ...] = tuple(
    (code("safeguards", "category", m["category"]), m["title"]) for m in _measures["per_unit"]
)

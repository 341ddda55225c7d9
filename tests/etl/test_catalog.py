"""The one message catalog: both languages everywhere, the same placeholders, one lookup rule."""

from __future__ import annotations

import ast
import importlib
import re
import string
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from etl import i18n
from etl.i18n import areas, entries, known, text

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _raw() -> dict[str, dict[str, dict[str, object]]]:
    source = resources.files("etl").joinpath("catalog", i18n.CATALOG_FILE).read_text("utf-8")
    return tomllib.loads(source)


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


ALL = [(key, zh, en) for area in areas().values() for key, (zh, en) in area.items()]


def test_the_catalog_has_every_area() -> None:
    assert set(areas()) == {"reports", "rules", "cli", "dashboard", "alerts", "leadership"}
    assert len(ALL) > 600


def test_every_entry_has_exactly_a_chinese_and_an_english_text() -> None:
    for area, area_entries in _raw().items():
        for key, entry in area_entries.items():
            assert set(entry) == {"zh", "en"}, (area, key)
            assert all(isinstance(v, str) and v.strip() for v in entry.values()), (area, key)


def test_a_key_is_in_one_area_only() -> None:
    keys = [key for area in _raw().values() for key in area]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("key", "zh", "en"), ALL, ids=[k for k, _, _ in ALL])
def test_both_languages_have_the_same_named_placeholders(key: str, zh: str, en: str) -> None:
    assert sorted(set(_fields(zh))) == sorted(set(_fields(en)))
    for name in _fields(zh) + _fields(en):
        assert name.isidentifier(), name  # named fields only: no {} or {0} or {a.b}
    # English without Chinese, but where it quotes what people may type (至今, 美国) or names
    # both languages ("语言 / Language")
    assert not CJK.search(en) or key in {"app.language", "type.date", "country", "currency"}


def test_the_lookup_fills_fields_and_leaves_a_missing_one_blank() -> None:
    assert text("file.not_found", "zh", path="a.csv") == "找不到文件或文件夹：a.csv"
    assert text("file.not_found", "en", path="a.csv") == "No such file or folder: a.csv"
    assert text("file.not_found", "en") == "No such file or folder: "
    assert text("file.not_found", "en", path=None) == "No such file or folder: "
    assert text("history.row", "en", status="ok", files=1).split()[:2] == ["ok", "files"]
    assert " ok        " in text("history.row", "en", status="ok")  # {status:<9}


def test_the_lookup_picks_the_field_of_its_language() -> None:
    fields = {"value": "X", "kind_zh": "单位", "kind_en": "units", "allowed": "U1"}
    assert text("delete.bad_id", "zh", **fields) == "“X”不是单位记录的编号：应写作 U1"
    assert (
        text("delete.bad_id", "en", **fields)
        == "'X' is not an id of a units record: write it as U1"
    )
    # a field given outright wins over the pair
    assert "a kind record" in text("delete.bad_id", "en", **fields | {"kind": "a kind"})


def test_an_unknown_key_shows_itself() -> None:
    assert not known("no.such.key")
    assert text("no.such.key", "zh") == "no.such.key"
    assert text("no.such.key", "en", value=1) == "no.such.key"


def test_literal_braces_are_doubled() -> None:
    assert "${VAR}" in text("settings.add.url", "en")


def test_an_area_reads_as_key_to_pair() -> None:
    assert entries("cli")["history.empty"] == ("尚无载入记录", "No loads recorded yet")
    assert text("leadership.s1", "en") == "1. Summary"


# ---- the code uses the catalog, and only the catalog ---------------------------------------

_CALLS = [
    # (files, pattern, key prefix)
    ("dashboard", r"\bt\(\s*[\"']([a-z_]+(?:\.[a-z_]+)*)[\"']", ""),
    ("etl", r"\btext\(\s*[\"']([a-z_]+(?:\.[a-z_]+)*)[\"']", ""),
    ("dashboard", r"\btext\(\s*[\"']([a-z_]+(?:\.[a-z_]+)*)[\"']", ""),
    ("etl", r"\bPhrase\(\s*[\"']([a-z_]+(?:\.[a-z_]+)*)[\"']", ""),
    ("etl", r"\bw\(\s*[\"']([a-z_0-9]+)[\"']", "leadership."),
    ("dashboard", r"\bw\(\s*[\"']([a-z_0-9]+)[\"']", "leadership."),
    # the rule of a report entry or an error names its message
    ("etl", r"\b(?:Problem|Error|Rejected)\(\s*[\"']([a-z_]+(?:\.[a-z_]+)*)[\"']", ""),
]


def test_every_key_the_code_names_literally_exists() -> None:
    used: set[str] = set()
    for folder, pattern, prefix in _CALLS:
        for path in (ROOT / folder).rglob("*.py"):
            found = re.findall(pattern, path.read_text(encoding="utf-8"))
            used |= {prefix + key for key in found}
    assert len(used) > 300
    assert sorted(key for key in used if not known(key)) == []


_FORMER_CATALOGS = [
    "etl.messages",
    "etl.present",
    "dashboard.i18n",
    "etl.alerts.texts",
    "etl.leadership.words",
]


def _is_text_pair(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Tuple)
        and len(node.elts) == 2
        and all(isinstance(e, (ast.Constant, ast.JoinedStr)) for e in node.elts)
    )


@pytest.mark.parametrize("name", _FORMER_CATALOGS)
def test_no_text_catalog_is_left_in_python(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    pair_dicts = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict) and node.values and all(map(_is_text_pair, node.values))
    ]
    assert pair_dicts == []
    for value in vars(module).values():
        if isinstance(value, dict) and value:
            assert not all(isinstance(v, tuple) and len(v) == 2 for v in value.values())

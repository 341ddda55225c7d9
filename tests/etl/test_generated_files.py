"""Docs that cannot drift: every file derived from the schema equals what the code makes now."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from etl import docs, expectations
from etl.cli import COMMANDS, build_parser
from etl.errors import UsageError
from etl.schema import KINDS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", list(KINDS))
def test_committed_suites_equal_generated(kind: str) -> None:
    """The packaged suite (what the validator runs) and the readable copy at the root are
    both exactly the schema's derivation."""
    generated = expectations.suite_json(KINDS[kind])
    packaged = (expectations.packaged_suites() / f"{kind}.json").read_text(encoding="utf-8")
    readable = (ROOT / "expectations" / f"{kind}.json").read_text(encoding="utf-8")
    assert packaged == generated, "run `coop expectations`"
    assert readable == packaged, "run `coop expectations`"


def test_both_places_hold_exactly_the_kinds_suites() -> None:
    wanted = {f"{kind}.json" for kind in KINDS}
    packaged = {p.name for p in expectations.packaged_suites().iterdir() if p.is_file()}
    assert packaged == wanted
    assert {p.name for p in (ROOT / "expectations").iterdir()} == wanted


def test_coop_expectations_writes_both_places_in_a_checkout_only(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as refused:
        expectations.write_suites(tmp_path)  # not a checkout: e.g. site-packages
    assert refused.value.rule == "usage.not_a_checkout"
    assert not list(tmp_path.iterdir())
    (tmp_path / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    written = expectations.write_suites(tmp_path)
    assert len(written) == 2 * len(KINDS)
    for kind in KINDS.values():
        for folder in (tmp_path / "etl" / "suites", tmp_path / "expectations"):
            text = (folder / f"{kind.name}.json").read_text(encoding="utf-8")
            assert text == expectations.suite_json(kind)


@pytest.mark.parametrize("kind", list(KINDS))
def test_loaded_suite_holds_every_expectation_of_the_file(kind: str) -> None:
    on_disk = json.loads((ROOT / "expectations" / f"{kind}.json").read_text(encoding="utf-8"))
    suite = expectations.load_suite(kind)
    assert len(suite.expectations) == len(on_disk["expectations"]) > 0
    loaded_types = sorted(e.expectation_type for e in suite.expectations)
    assert loaded_types == sorted(e["type"] for e in on_disk["expectations"])


def test_every_column_rule_has_an_expectation() -> None:
    suite = expectations.suite_dict(KINDS["memberships"])
    by_rule = {
        (e["meta"]["rule"], e["kwargs"].get("column") or e["kwargs"].get("column_A"))
        for e in suite["expectations"]
    }
    assert ("required", "membership_id") in by_rule
    assert ("required_when", "person_name") in by_rule
    assert ("required_when", "currency") in by_rule
    assert ("enum", "status") in by_rule
    assert ("currency", "currency") in by_rule
    assert ("range", "annual_fee") in by_rule
    assert ("unique", "membership_id") in by_rule
    assert ("date_order", "end_date") in by_rule
    messages = [e["meta"]["message_zh"] for e in suite["expectations"]]
    assert all(messages) and all(e["meta"]["message_en"] for e in suite["expectations"])


def test_committed_templates_and_dictionary_equal_generated() -> None:
    for path, data in docs.generated_files().items():
        assert path.exists(), f"{path} missing: run `coop docs`"
        assert path.read_bytes() == data, f"{path} is stale: run `coop docs`"


def test_dictionary_names_every_contract_column_in_both_languages() -> None:
    zh = docs.data_dictionary_markdown("zh")
    en = docs.data_dictionary_markdown("en")
    for kind in KINDS.values():
        for col in kind.columns:
            row = re.compile(rf"^\| {re.escape(col.name)} \| {re.escape(col.zh)} \|", re.M)
            assert row.search(zh) and row.search(en), f"{kind.name}.{col.name}"
            for value in col.enum:
                assert value.code in zh and value.labels_zh[0] in zh


def test_readme_documents_every_cli_command_and_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = "\n".join(readme.splitlines()[:10])
    assert "make run" in head and "make test" in head
    for name in COMMANDS:
        assert f"`coop {name}" in readme, f"README lacks coop {name}"


def test_parser_offers_exactly_the_registered_commands() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)  # type: ignore[arg-type]


def test_template_has_the_kind_columns(tmp_path: Path) -> None:
    data = docs.template_csv(KINDS["posts"], "zh")
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").strip().split(",")
    assert header == [c.zh for c in KINDS["posts"].columns]

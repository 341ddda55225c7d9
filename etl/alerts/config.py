"""The alerts configuration: `DATA_DIR/alerts.toml`, or the file `$COOP_ALERTS_CONFIG` names.

    lang = "zh"                     # the language of the messages sent (zh | en)
    alerts_after_refresh = true     # `coop refresh` runs the alerts after each run

    [rules.leader_term_ending]      # a rule's thresholds (see etl.alerts.rules for each default)
    months = 12

    [[channels]]                    # one Apprise URL per channel
    url = "dingtalk://${COOP_DINGTALK_SECRET}@${COOP_DINGTALK_TOKEN}/"
    rules = ["target_worse", "refresh_rejected"]   # optional: only these rules (default: all)
    name = "leaders"                # optional: names the channel in the sent-state file

    [[channels]]
    url_env = "COOP_MAIL_URL"       # or: the whole URL in one environment variable

Secrets: a channel URL may hold `${NAME}`, replaced by the environment variable NAME when the
alerts are sent (only the `${NAME}` form; `url_env = "NAME"` is the same as `url = "${NAME}"`);
a variable that is not set fails that channel alone. The resolved URL is never shown, logged, stored or exported: `mask` keeps the scheme
and, for mail and webhook URLs, the host.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w

from etl.alerts.rules import RULES
from etl.config import DataDir
from etl.errors import AlertsConfigError
from etl.files import write_private

ENV_CONFIG = "COOP_ALERTS_CONFIG"
FILE_NAME = "alerts.toml"
LANGS = ("zh", "en")
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Schemes whose host is a server name; for every other scheme (wecombot://KEY,
# dingtalk://SECRET@TOKEN, feishu://TOKEN …) the host is itself the secret.
_HOST_SHOWN = frozenset({"mailto", "mailtos", "json", "jsons", "xml", "xmls", "form", "forms"})


@dataclass(frozen=True)
class Channel:
    url: str  # as written in the file: may hold ${NAME} references
    rules: tuple[str, ...] = ()  # empty = every rule
    name: str = ""

    @property
    def id(self) -> str:
        """Stable name of the channel in the sent-state file (never the secret itself)."""
        if self.name:
            return self.name
        return "ch-" + hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:12]

    def wants(self, rule: str) -> bool:
        return not self.rules or rule in self.rules

    def resolved_url(self, path: Path | str = FILE_NAME) -> str:
        def lookup(match: re.Match[str]) -> str:
            value = os.environ.get(match.group(1))
            if value is None:
                raise AlertsConfigError(
                    "config.missing_env", path=str(path), field="url", value=match.group(1)
                )
            return value

        return _ENV_REF.sub(lookup, self.url)

    def masked(self) -> str:
        return mask(self.url)


@dataclass(frozen=True)
class AlertsConfig:
    path: Path
    lang: str = "zh"
    after_refresh: bool = True
    thresholds: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: tuple[Channel, ...] = ()
    exists: bool = False

    def threshold(self, rule: str, name: str) -> Any:
        return self.thresholds.get(rule, {}).get(name, RULES[rule].defaults[name])

    def rule_thresholds(self, rule: str) -> dict[str, Any]:
        return {name: self.threshold(rule, name) for name in RULES[rule].defaults}


def config_path(data_dir: DataDir) -> Path:
    named = os.environ.get(ENV_CONFIG, "").strip()
    return Path(named) if named else data_dir.root / FILE_NAME


def mask(url: str) -> str:
    """Scheme and (for mail and webhook URLs) host: never a token, key, password or path."""
    if _ENV_REF.fullmatch(url):
        return url  # only the name of the variable that holds it
    scheme, _, rest = url.partition("://")
    if not rest:
        return "…"
    if scheme.lower() in _HOST_SHOWN:
        host = urlsplit(f"{scheme}://{_ENV_REF.sub('x', rest)}").hostname or "…"
        return f"{scheme}://{host}"
    return f"{scheme}://…"


def load(data_dir: DataDir) -> AlertsConfig:
    """The configuration, or the defaults (no channels) when the file does not exist."""
    path = config_path(data_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return AlertsConfig(path)
    except OSError as exc:
        raise AlertsConfigError("config.unreadable", path=str(path), detail=exc.strerror) from None
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AlertsConfigError("config.syntax", path=str(path), detail=str(exc)) from None
    return parse(doc, path)


def parse(doc: dict[str, Any], path: Path) -> AlertsConfig:
    def bad(name: str, value: Any, expected: str) -> AlertsConfigError:
        shown = "…" if name.endswith(".url") else repr(value)[:80]
        return AlertsConfigError(
            "config.bad_value", path=str(path), field=name, value=shown, expected=expected
        )

    for key in doc:
        if key not in ("lang", "alerts_after_refresh", "rules", "channels"):
            raise AlertsConfigError("config.unknown_key", path=str(path), field=key)
    lang = doc.get("lang", "zh")
    if lang not in LANGS:
        raise bad("lang", lang, "expected.lang")
    after = doc.get("alerts_after_refresh", True)
    if not isinstance(after, bool):
        raise bad("alerts_after_refresh", after, "expected.bool")
    rules = doc.get("rules", {})
    if not isinstance(rules, dict):
        raise bad("rules", rules, "expected.table")
    thresholds: dict[str, dict[str, Any]] = {}
    for rule_name, values in rules.items():
        if rule_name not in RULES:
            raise AlertsConfigError(
                "config.unknown_key", path=str(path), field=f"rules.{rule_name}"
            )
        if not isinstance(values, dict):
            raise bad(f"rules.{rule_name}", values, "expected.table")
        rule = RULES[rule_name]
        for name, value in values.items():
            where = f"rules.{rule_name}.{name}"
            if name not in rule.defaults:
                raise AlertsConfigError("config.unknown_key", path=str(path), field=where)
            if not rule.valid(name, value):
                raise bad(where, value, rule.expected(name))
        thresholds[rule_name] = dict(values)
    channels = []
    listed = doc.get("channels", [])
    if not isinstance(listed, list):
        raise bad("channels", listed, "expected.table")
    for i, entry in enumerate(listed, start=1):
        where = f"channels[{i}]"
        if not isinstance(entry, dict):
            raise bad(where, entry, "expected.table")
        for key in entry:
            if key not in ("url", "url_env", "rules", "name"):
                raise AlertsConfigError(
                    "config.unknown_key", path=str(path), field=f"{where}.{key}"
                )
        url = entry.get("url")
        if url is None and "url_env" in entry:  # the whole URL in one environment variable
            env_name = entry["url_env"]
            if not isinstance(env_name, str) or not _ENV_NAME.fullmatch(env_name):
                raise bad(f"{where}.url_env", env_name, "expected.env_name")
            url = "${" + env_name + "}"
        if not isinstance(url, str) or ("://" not in url and not _ENV_REF.fullmatch(url)):
            raise bad(f"{where}.url", url, "expected.url")
        wanted = entry.get("rules", [])
        if not isinstance(wanted, list) or any(r not in RULES for r in wanted):
            raise bad(f"{where}.rules", wanted, "expected.rules")
        name = entry.get("name", "")
        if not isinstance(name, str):
            raise bad(f"{where}.name", name, "expected.table")
        channels.append(Channel(url, tuple(wanted), name))
    return AlertsConfig(path, lang, after, thresholds, tuple(channels), exists=True)


def to_document(config: AlertsConfig) -> dict[str, Any]:
    doc: dict[str, Any] = {"lang": config.lang, "alerts_after_refresh": config.after_refresh}
    if config.thresholds:
        doc["rules"] = {name: dict(values) for name, values in config.thresholds.items()}
    channels = []
    for ch in config.channels:
        entry: dict[str, Any] = {"url": ch.url}
        if ch.rules:
            entry["rules"] = list(ch.rules)
        if ch.name:
            entry["name"] = ch.name
        channels.append(entry)
    if channels:
        doc["channels"] = channels
    return doc


def save(config: AlertsConfig) -> None:
    """Write the file atomically, readable by its owner only (it may hold secrets)."""
    data = tomli_w.dumps(to_document(config)).encode("utf-8")
    write_private(config.path, data)

"""提醒设置 Alert settings (admins only): the message language, the rule thresholds, the
channels (Apprise URLs) and a test message per channel. A channel URL is never shown back: only
its scheme and, for mail and webhooks, its host."""

from __future__ import annotations

import dataclasses

import streamlit as st

from dashboard import auth, state
from etl.alerts import config as alerts_config
from etl.alerts.config import AlertsConfig, AlertsConfigError, Channel
from etl.alerts.rules import RULES
from etl.alerts.run import send_test
from etl.alerts.texts import text
from etl.config import resolve_data_dir

lang = state.lang()
auth.require_role("admin", lang)
data_dir = resolve_data_dir()

st.title(text("page.title", lang), anchor=False)
st.caption(text("settings.lead", lang, path=alerts_config.config_path(data_dir)))

try:
    config = alerts_config.load(data_dir)
except AlertsConfigError as exc:
    st.error(exc.message(lang))
    st.stop()


def _rule_label(name: str) -> str:
    return text(f"rule.{name}", lang)


def _store(updated: AlertsConfig) -> bool:
    """Check the new settings as the command would read them, then write them."""
    try:
        checked = alerts_config.parse(alerts_config.to_document(updated), updated.path)
        alerts_config.save(checked)
    except AlertsConfigError as exc:
        st.error(exc.message(lang))
        return False
    except OSError as exc:
        st.error(text("config.unreadable", lang, path=updated.path, detail=exc.strerror))
        return False
    return True


# ---- general settings and thresholds
with st.form("alerts.general"):
    st.markdown(f"**{text('settings.general', lang)}**")
    message_lang = st.selectbox(
        text("settings.lang", lang),
        alerts_config.LANGS,
        index=alerts_config.LANGS.index(config.lang),
        format_func=lambda code: {"zh": "中文", "en": "English"}[code],
    )
    after_refresh = st.toggle(text("settings.after_refresh", lang), value=config.after_refresh)
    st.markdown(f"**{text('settings.thresholds', lang)}**")
    values: dict[str, dict[str, object]] = {}
    for rule in RULES.values():
        for name in rule.defaults:
            label = text(f"threshold.{rule.name}.{name}", lang)
            current = config.threshold(rule.name, name)
            if name == "by":
                value: object = st.text_input(label, value=str(current), key=f"th.{rule.name}")
            else:
                value = int(st.number_input(label, min_value=1, value=int(current), step=1))
            values.setdefault(rule.name, {})[name] = value
    if st.form_submit_button(text("settings.save", lang), type="primary"):
        thresholds = {name: dict(config.thresholds.get(name, {})) for name in RULES}
        for rule_name, given in values.items():
            for name, value in given.items():
                if value != RULES[rule_name].defaults[name]:
                    thresholds[rule_name][name] = value
                else:
                    thresholds[rule_name].pop(name, None)
        updated = dataclasses.replace(
            config,
            lang=message_lang,
            after_refresh=after_refresh,
            thresholds={k: v for k, v in thresholds.items() if v},
        )
        if _store(updated):
            st.success(text("settings.saved", lang))
            config = updated

# ---- channels
st.subheader(text("settings.channels", lang), anchor=False)
if not config.channels:
    st.caption(text("settings.channels.none", lang))
for i, channel in enumerate(config.channels):
    with st.container(border=True):
        head, test, remove = st.columns([4, 1, 1], vertical_alignment="center")
        rules_shown = ", ".join(_rule_label(r) for r in channel.rules) or "—"
        head.markdown(text("settings.channel.line", lang, url=channel.masked(), rules=rules_shown))
        if test.button(text("settings.channel.test", lang), key=f"alerts.test.{i}"):
            delivery = send_test(channel, config)
            if delivery.ok:
                st.success(text("settings.channel.test.ok", lang, channel=delivery.channel))
            else:
                st.error(
                    text(
                        "settings.channel.test.failed",
                        lang,
                        channel=delivery.channel,
                        error=delivery.error,
                    )
                )
        if remove.button(text("settings.channel.remove", lang), key=f"alerts.remove.{i}"):
            kept = tuple(c for j, c in enumerate(config.channels) if j != i)
            if _store(dataclasses.replace(config, channels=kept)):
                st.rerun()

with st.form("alerts.add", clear_on_submit=True):
    st.markdown(f"**{text('settings.add', lang)}**")
    url = st.text_input(text("settings.add.url", lang), type="password")
    wanted = st.multiselect(
        text("settings.channel.rules", lang), list(RULES), format_func=_rule_label
    )
    if st.form_submit_button(text("settings.add.submit", lang)) and url.strip():
        channel = Channel(url.strip(), tuple(wanted))
        if _store(dataclasses.replace(config, channels=(*config.channels, channel))):
            st.success(text("settings.added", lang, channel=channel.masked()))
            config = alerts_config.load(data_dir)

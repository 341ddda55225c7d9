"""Alerts: rules evaluated over the warehouse, sent once per change to e-mail and work chats.

- `rules`: the rule registry (name, thresholds, SQL, how a row becomes an alert)
- `config`: `DATA_DIR/alerts.toml` (or `$COOP_ALERTS_CONFIG`): language, thresholds, channels
- `state`: what each channel has been sent (`DATA_DIR/alerts-state.json`)
- `deliver`: the digest and its delivery through Apprise
- `run`: one run of all of it (`coop alerts`, and after each `coop refresh`)
- `texts`: every word of it, in 中文 and English
"""

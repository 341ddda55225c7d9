"""Every word the alerts say, in 中文 and English: the messages, the digest, the command's
output, the configuration errors and the dashboard panel and settings page.

A template's fields are filled from an alert's parameters; a parameter given as a (中文, English)
pair, or as a `Phrase` (a key of this catalog), is put in the language of the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Phrase:
    """A field value that is itself a catalog entry, put in the message's language."""

    key: str


# key -> (中文, English). Templates use str.format fields.
CATALOG: dict[str, tuple[str, str]] = {
    # rule names
    "rule.target_worse": ("目标进度变差", "Target progress worsened"),
    "rule.leader_term_ending": ("领导职务即将到期且无继任", "Leader term ending, no successor"),
    "rule.intention_stale": ("意向清单事项长期未变", "Intention-list item unchanged"),
    "rule.unit_silent": ("单位本年度未报送", "Unit has reported nothing this year"),
    "rule.load_stale": ("长期未成功载入数据", "No accepted load for a long time"),
    "rule.refresh_rejected": ("定时载入被拒绝", "Scheduled refresh rejected"),
    # severities
    "severity.critical": ("严重", "critical"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "info"),
    # target statuses
    "target.at_risk": ("有风险", "at risk"),
    "target.off_track": ("偏离目标", "off track"),
    "academy": ("全院", "The academy"),
    "member.institutional": ("单位会员", "institutional membership"),
    # the alerts' messages
    "msg.target_worse": (
        "{scope}：{year} 年“{indicator}”目标 {target}，当前 {actual}（完成 {pct}，按时间应达 {expected}），状态：{status}",
        "{scope}: {year} target for “{indicator}” is {target}, now {actual} ({pct} done, {expected} "
        "expected by now): {status}",
    ),
    "msg.leader_term_ending": (
        "{unit}：{person} 在 {org} 的领导职务“{position}”将于 {end_date} 到期，尚无该单位在该组织的后续领导职务记录",
        "{unit}: {person}'s leader post “{position}” at {org} ends on {end_date}, and no later "
        "leader post of this unit at this organization is recorded",
    ),
    "msg.intention_stale": (
        "{unit}：加入 {org} 的意向（{member}，状态：{status}）自 {since} 起未变（已 {months} 个月）",
        "{unit}: the intention to join {org} ({member}, status: {status}) has not changed "
        "since {since} ({months} months)",
    ),
    "msg.unit_silent": (
        "{unit}：截至 {by}，{year} 年尚无任何记录（会员、会议、任职、落户机构、保障措施）",
        "{unit}: by {by}, nothing is recorded for {year} (memberships, conferences, posts, "
        "offices, safeguards)",
    ),
    "msg.load_stale": (
        "已有 {days} 天没有成功载入数据（上次成功载入：{last}）",
        "No accepted load for {days} days (last accepted load: {last})",
    ),
    "msg.load_never": ("尚无任何成功载入的数据", "No load has ever been accepted"),
    "msg.refresh_rejected": (
        "{time} 的定时载入（{run}）被拒绝：{errors} 个错误，文件与报告在 {folder}。前几个错误：{first}",
        "The scheduled refresh of {time} ({run}) was rejected: {errors} error(s); its files and "
        "report are in {folder}. First errors: {first}",
    ),
    "msg.problem": (
        "{name} 第 {row} 行 {column}：{message}",
        "{name} row {row} {column}: {message}",
    ),
    "msg.problem.file": ("{name}：{message}", "{name}: {message}"),
    # the digest sent to a channel
    "digest.title": (
        "国际科技组织指标看板：{n} 条新提醒",
        "S&T organizations dashboard: {n} new alert(s)",
    ),
    "digest.line": ("• [{severity}] {message}", "• [{severity}] {message}"),
    "digest.more": ("……另有 {n} 条，见看板", "… {n} more, see the dashboard"),
    "digest.link": ("看板：{url}", "Dashboard: {url}"),
    "digest.test.title": (
        "国际科技组织指标看板：测试消息",
        "S&T organizations dashboard: test message",
    ),
    "digest.test.body": (
        "这是一条测试消息：此渠道已能收到提醒。",
        "This is a test message: this channel receives the alerts.",
    ),
    # the command's output
    "cli.none": ("当前没有提醒", "No alerts now"),
    "cli.alert": ("[{severity}] {message}", "[{severity}] {message}"),
    "cli.would_send": ("将发送到 {channel}：{n} 条", "Would send to {channel}: {n} alert(s)"),
    "cli.sent": ("已发送到 {channel}：{n} 条", "Sent to {channel}: {n} alert(s)"),
    "cli.failed": (
        "发送到 {channel} 失败（下次运行时重试）：{error}",
        "Sending to {channel} failed (retried on the next run): {error}",
    ),
    "cli.no_channels": (
        "未配置任何渠道（{path}），提醒未发送",
        "No channels configured ({path}); nothing was sent",
    ),
    "cli.summary": ("共 {n} 条提醒，本次发送 {sent} 条", "{n} alert(s); {sent} sent this run"),
    "cli.after_refresh": (
        "提醒：{n} 条，本次发送 {sent} 条，失败渠道 {failed} 个",
        "alerts: {n}, sent {sent}, failed channels {failed}",
    ),
    "cli.after_refresh.error": (
        "提醒运行失败（不影响本次载入）：{error}",
        "Alerts failed (the load is not affected): {error}",
    ),
    "run.busy": (
        "另一次提醒运行在 {seconds} 秒内未结束；请稍后重试",
        "Another alerts run did not finish within {seconds} s; try again later",
    ),
    "error.refused": ("渠道拒绝或无法连接", "the channel refused or could not be reached"),
    "error.bad_url": ("渠道地址无法识别", "the channel URL is not understood"),
    # configuration errors
    "config.unreadable": (
        "提醒配置文件 {path} 无法读取：{detail}",
        "The alerts configuration {path} cannot be read: {detail}",
    ),
    "config.syntax": (
        "提醒配置文件 {path} 不是有效的 TOML：{detail}",
        "The alerts configuration {path} is not valid TOML: {detail}",
    ),
    "config.bad_value": (
        "提醒配置文件 {path}：{field} 的值 {value} 无效，应为{expected}",
        "The alerts configuration {path}: {field} = {value} is invalid; expected {expected}",
    ),
    "config.unknown_key": (
        "提醒配置文件 {path}：无法识别的设置 {field}",
        "The alerts configuration {path}: unknown setting {field}",
    ),
    "config.missing_env": (
        "提醒配置文件 {path}：{field} 引用的环境变量 {value} 未设置",
        "The alerts configuration {path}: {field} uses the environment variable {value}, "
        "which is not set",
    ),
    "expected.positive_int": ("正整数", "a positive integer"),
    "expected.bool": ("true 或 false", "true or false"),
    "expected.lang": ("zh 或 en", "zh or en"),
    "expected.month_day": ("月-日，如 07-01", "a month-day such as 07-01"),
    "expected.url": (
        "Apprise 渠道地址（如 mailto://、dingtalk://）",
        "an Apprise URL (mailto://, dingtalk:// …)",
    ),
    "expected.rules": ("规则名称列表：{names}", "a list of rule names: {names}"),
    "expected.table": ("表（[...]）", "a table ([...])"),
    "expected.env_name": (
        "环境变量名（字母、数字、下划线）",
        "an environment variable name (letters, digits, _)",
    ),
    # dashboard: the Overview panel
    "panel.title": ("提醒", "Alerts"),
    "panel.none": ("当前筛选范围内没有提醒。", "No alerts for the current filters."),
    "panel.unavailable": ("提醒暂不可用：{error}", "Alerts are unavailable: {error}"),
    # dashboard: the settings page (admins)
    "page.title": ("提醒设置", "Alert settings"),
    "settings.lead": (
        "规则阈值与接收渠道保存在 {path}。渠道地址含密钥，保存后只显示协议与主机。",
        "Rule thresholds and channels are kept in {path}. A channel URL holds secrets: once "
        "saved, only its scheme and host are shown.",
    ),
    "settings.general": ("常规", "General"),
    "settings.lang": ("消息语言", "Message language"),
    "settings.after_refresh": ("每次定时载入后运行提醒", "Run the alerts after each refresh"),
    "settings.thresholds": ("规则阈值", "Rule thresholds"),
    "settings.save": ("保存", "Save"),
    "settings.saved": ("已保存", "Saved"),
    "settings.channels": ("接收渠道", "Channels"),
    "settings.channels.none": ("尚未配置渠道。", "No channels yet."),
    "settings.channel.rules": ("规则（为空表示全部）", "Rules (empty = all)"),
    "settings.channel.line": ("`{url}`  \n规则：{rules}", "`{url}`  \nRules: {rules}"),
    "settings.channel.remove": ("删除", "Remove"),
    "settings.channel.test": ("发送测试消息", "Send a test message"),
    "settings.channel.test.ok": ("测试消息已发送到 {channel}", "Test message sent to {channel}"),
    "settings.channel.test.failed": (
        "发送到 {channel} 失败：{error}",
        "Sending to {channel} failed: {error}",
    ),
    "settings.add": ("添加渠道", "Add a channel"),
    "settings.add.url": (
        "Apprise 地址（如 mailtos://…、wecombot://…、dingtalk://…、feishu://…、json://…；可用 ${{变量}} 引用环境变量）",
        "Apprise URL (mailtos://…, wecombot://…, dingtalk://…, feishu://…, json://…; "
        "${{VAR}} reads an environment variable)",
    ),
    "settings.add.submit": ("添加", "Add"),
    "settings.added": ("已添加渠道 {channel}", "Added the channel {channel}"),
    # threshold labels
    "threshold.leader_term_ending.months": (
        "领导职务到期提前（月）",
        "Leader term ends within (months)",
    ),
    "threshold.intention_stale.months": ("意向未变超过（月）", "Intention unchanged for (months)"),
    "threshold.unit_silent.by": (
        "单位未报送的检查日期（月-日）",
        "Units reported nothing by (month-day)",
    ),
    "threshold.load_stale.days": ("未成功载入超过（天）", "No accepted load for (days)"),
    "threshold.refresh_rejected.errors_shown": (
        "定时载入被拒绝时列出的错误数",
        "Errors quoted for a rejected refresh",
    ),
}


def text(key: str, lang: str, **fields: Any) -> str:
    zh, en = CATALOG[key]
    template = zh if lang == "zh" else en
    return template.format_map(_localized(fields, lang))


def _localized(fields: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A (中文, English) pair becomes the string of the language."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, Phrase):
            value = text(value.key, lang)
        elif isinstance(value, tuple) and len(value) == 2:
            value = value[0] if lang == "zh" else value[1]
        out[name] = value
    return out

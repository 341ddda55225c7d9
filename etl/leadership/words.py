"""The report's own words, 中文 first, and how its numbers are written.

The document's headings, table headers and sentence templates live here (the CLI's and the
dashboard's catalogs hold what those show on screen). Indicator names and enum labels come from
`etl.schema`, the single definition of both.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext

from etl.schema import INDICATORS, enum_label

WORDS: dict[str, tuple[str, str]] = {
    "title": (
        "{name}参与国际科技组织年度报告",
        "{name}: participation in international S&T organizations",
    ),
    "subtitle": ("{year}年度", "Year {year}"),
    "provisional": (
        "{year}年为当年，数据截至{today}，为初步数据",
        "{year} is the current year: figures up to {today}, provisional",
    ),
    "generated": ("生成日期：{today}", "Generated on {today}"),
    "scope_academy": ("范围：{academy}全院", "Scope: {academy}, the whole academy"),
    "scope_unit": (
        "范围：{academy} · {name}（含下属单位）",
        "Scope: {academy} · {name} (with its sub-units)",
    ),
    # sections
    "s1": ("一、摘要", "1. Summary"),
    "s2": ("二、三种模式", "2. The three modes"),
    "s3": ("三、四条路径", "3. The four paths"),
    "s4": ("四、保障措施", "4. Safeguards"),
    "s5": ("五、挑战", "5. Challenges"),
    "s6": ("六、附录", "6. Appendix"),
    "s2_conferences": ("（一）联合举办国际会议", "2.1 Co-hosting conferences"),
    "s2_posts": ("（二）在国际组织任职", "2.2 Holding posts"),
    "s2_offices": ("（三）吸引国际组织落户", "2.3 Attracting offices"),
    "s3_memberships": ("（一）加入国际组织", "3.1 Joining organizations"),
    "s3_intentions": ("（二）意向清单", "3.2 The intention list"),
    "s3_partners": ("（三）新老合作伙伴", "3.3 Old and new partners"),
    "s3_countries": ("（四）涉及国家", "3.4 Countries"),
    "s4_measures": ("（一）措施分类与进度", "4.1 Measures by category and status"),
    "s4_overdue": ("（二）逾期未完成的措施", "4.2 Overdue measures"),
    "s6_units": ("（一）各单位记分卡", "6.1 Unit scorecards"),
    "s6_rule": ("（二）会议统计口径", "6.2 The meeting rule"),
    "s6_freshness": ("（三）数据来源与更新", "6.3 Data sources and freshness"),
    # the four challenges, in the paper's words
    "c_strategy": ("挑战一：缺乏统一战略", "Challenge 1: no unified strategy"),
    "c_strategy_words": (
        "各单位各自加入、各自为政，缺少全院统一的参与战略与年度目标。",
        "Units join on their own, without an academy-wide strategy or annual targets.",
    ),
    "c_shallow": ("挑战二：合作层次较浅", "Challenge 2: shallow cooperation"),
    "c_shallow_words": (
        "参与多停留在参加年会等层面，主动办会、深度合作不足。",
        "Participation is mostly attending annual meetings; few co-hosted events or deeper ties.",
    ),
    "c_posts": ("挑战三：关键岗位任职少", "Challenge 3: few people in key posts"),
    "c_posts_words": (
        "在执行主席、秘书长等关键岗位任职的人员偏少，且需关注任期接续。",
        "Few people hold key posts such as executive chair or secretary-general; "
        "succession needs attention.",
    ),
    "c_incentives": ("挑战四：激励机制不足", "Challenge 4: weak incentives"),
    "c_incentives_words": (
        "经费、人员与服务保障不足，参与国际组织的积极性有待激发。",
        "Funding, staffing and services are thin, so there is little to encourage participation.",
    ),
    # table headers
    "h_indicator": ("指标", "Indicator"),
    "h_value": ("{year}年", "{year}"),
    "h_change": ("同比", "Change"),
    "h_target": ("目标", "Target"),
    "h_progress": ("完成", "Progress"),
    "h_status": ("进度", "Status"),
    "h_title": ("名称", "Title"),
    "h_role": ("方式", "Role"),
    "h_date": ("日期", "Date"),
    "h_place": ("地点", "Place"),
    "h_org": ("国际组织", "Organization"),
    "h_unit": ("单位", "Unit"),
    "h_person": ("姓名", "Person"),
    "h_position": ("职务", "Position"),
    "h_term_end": ("任期结束", "Term ends"),
    "h_type": ("类型", "Type"),
    "h_city": ("城市", "City"),
    "h_established": ("设立日期", "Established"),
    "h_closed": ("撤销日期", "Closed"),
    "h_holder": ("会员类型", "Holder"),
    "h_scope": ("组织类型", "Organization scope"),
    "h_count": ("数量", "Count"),
    "h_country": ("国家", "Country"),
    "h_conferences": ("会议数", "Conferences"),
    "h_category": ("类别", "Category"),
    "h_due": ("计划完成", "Due"),
    "h_measure": ("措施", "Measure"),
    "h_targets": ("目标进度（正常/风险/落后）", "Targets (on track / at risk / off track)"),
    "h_run": ("批次", "Run"),
    "h_finished": ("完成时间", "Finished"),
    "h_source": ("来源", "Source"),
    "h_user": ("操作人", "By"),
    "h_files": ("文件数", "Files"),
    "h_rows": ("行数", "Rows"),
    "h_total": ("合计", "Total"),
    "h_new": ("新结交", "New"),
    # status words
    "on_track": ("正常", "on track"),
    "at_risk": ("有风险", "at risk"),
    "off_track": ("落后", "off track"),
    "none": ("无", "none"),
    "ongoing": ("—", "—"),
    "more_rows": ("另有 {n} 条未列出。", "{n} more not listed."),
    "no_records": ("本年度无相关记录。", "No records for this year."),
    "none_open": ("目前无。", "None at present."),
    "no_overdue": ("无逾期未完成的措施。", "No overdue measures."),
    # sentences; a clause is dropped when its figure is missing
    "sent_cohosted": (
        "{year}年联合举办/承办国际会议{n}场",
        "In {year}, {n} conferences were co-hosted or hosted",
    ),
    "sent_posts": ("在国际组织任职{n}个", "{n} posts were held in international organizations"),
    "sent_posts_leader": ("其中领导职务{m}个", "{m} of them leader posts"),
    "sent_offices": (
        "落户国际组织机构{n}家",
        "{n} offices of international organizations were established here",
    ),
    "sent_memberships": (
        "有效会员{n}个，联系国际组织{k}个",
        "{n} memberships were in force and {k} organizations engaged",
    ),
    "sent_countries": ("合作涉及{n}个国家", "Cooperation reached {n} countries"),
    "sent_safeguards": ("完成保障措施{n}项", "{n} safeguard measures were completed"),
    "sent_targets": ("{n}项年度目标中{m}项进度正常", "{m} of {n} annual targets are on track"),
    "yoy_up": ("同比增加{d}{u}", "{d} more than the year before"),
    "yoy_down": ("同比减少{d}{u}", "{d} fewer than the year before"),
    "yoy_same": ("与上年持平", "the same as the year before"),
    "of_target": ("完成年度目标的{p}", "reaching {p} of the annual target"),
    "unit_cohosted": ("场", ""),
    "unit_posts": ("个", ""),
    "unit_offices": ("家", ""),
    "unit_memberships": ("个", ""),
    "unit_countries": ("个", ""),
    "unit_safeguards": ("项", ""),
    # paragraphs
    "p_posts_leader": ("{year}年存续的领导职务：", "Leader posts in force in {year}:"),
    "p_cohosted_list": (
        "{year}年联合举办/承办的会议：",
        "Conferences co-hosted or hosted in {year}:",
    ),
    "p_offices_list": (
        "已设立的落户机构及在谈项目：",
        "Offices established, and those in the pipeline:",
    ),
    "p_misplaced": (
        "偏差：{n}个综合性国际组织的单位会员由下属单位而非院总部持有：",
        "Deviations: {n} institutional memberships of comprehensive organizations are held by a "
        "sub-unit rather than the headquarters:",
    ),
    "p_new_partners": ("{year}年新结交的组织：", "Organizations first engaged in {year}:"),
    "p_funding": (
        "{year}年完成的经费保障{funding}元，人员与服务保障{people}人。",
        "In {year}, funding measures done amounted to CNY {funding}; personnel and services "
        "measures reached {people} people.",
    ),
    "p_rule": (
        "会议统计口径：统计全部已登记的会议（尚未设定会议统计规则）。",
        "Meeting rule: all recorded conferences (no meeting rules are defined yet).",
    ),
    "p_freshness": (
        "最近一次成功载入：{when}（批次 {run}）。",
        "Last accepted load: {when} (run {run}).",
    ),
    "p_no_loads": ("尚无成功载入的记录。", "No accepted load yet."),
    "p_runs": ("本报告数据所依据的载入批次：", "The loads behind these figures:"),
    "p_trend": ("近年走势：", "Recent years:"),
    "footer": ("{title} · 第 {page} 页", "{title} · page {page}"),
    "academy_wide": ("全院", "Academy-wide"),
    "chart_modes": (
        "图1  三种模式与会员近年走势",
        "Figure 1. The modes and memberships in recent years",
    ),
    "chart_shares": (
        "图2  各项挑战比例近年走势",
        "Figure 2. The challenges' shares in recent years",
    ),
}


def w(key: str, lang: str, **fields: object) -> str:
    zh, en = WORDS[key]
    return (zh if lang == "zh" else en).format(**fields)


@functools.cache
def _indicators() -> dict[str, tuple[str, str]]:
    return {i.id: (i.zh, i.en) for i in INDICATORS}


def indicator_name(indicator: str, lang: str) -> str:
    zh, en = _indicators()[indicator]
    return zh if lang == "zh" else en


def label(kind: str, column: str, code: str | None, lang: str) -> str:
    return enum_label(kind, column, code, lang)


@functools.cache
def _countries(lang: str) -> dict[str, str]:
    import pycountry

    if lang == "zh":
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
        )
        return {c.alpha_2: translation.gettext(c.name) for c in pycountry.countries}
    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def country(code: str | None, lang: str) -> str:
    if not code:
        return ""
    return _countries(lang).get(code, code)


# ---- numbers --------------------------------------------------------------------------------
# One way to write each kind of figure, shared by both renderers and by the tests that read the
# figures back out of the documents.

PERCENT_INDICATORS = frozenset(
    {
        "memberships_individual_share",
        "units_with_targets_share",
        "orgs_shallow_share",
        "posts_leader_share",
    }
)
MONEY_INDICATORS = frozenset({"safeguard_funding"})


def fmt_count(value: float) -> str:
    """A count as digits alone (no separators): the figure reads and searches as stored."""
    return f"{value:.0f}"


def fmt_value(indicator: str, value: float | None) -> str:
    """An indicator's value as the report writes it ("—" when there is none)."""
    if value is None:
        return "—"
    if indicator in PERCENT_INDICATORS:
        return f"{value * 100:.1f}%"
    if indicator == "attend_host_ratio":
        return f"{value:.1f}"
    if indicator in MONEY_INDICATORS:
        return f"{value:,.0f}"
    if indicator == "depth" or float(value).is_integer():
        return fmt_count(value)
    return f"{value:.1f}"


def fmt_change(indicator: str, now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "—"
    delta = now - before
    if indicator in PERCENT_INDICATORS:
        return f"{delta * 100:+.1f} pp" if delta else "±0"
    if indicator == "attend_host_ratio":
        return f"{delta:+.1f}" if delta else "±0"
    if indicator in MONEY_INDICATORS:
        return f"{delta:+,.0f}" if delta else "±0"
    return f"{delta:+.0f}" if delta else "±0"


def fmt_percent(ratio: float) -> str:
    return f"{ratio * 100:.0f}%"


def fmt_date(value: dt.date | dt.datetime | None, lang: str) -> str:
    """A date in a table: ISO in both languages (short, and sorts as it reads)."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()

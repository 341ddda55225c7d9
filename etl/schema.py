"""The one declarative definition of every record kind.

Everything else is derived from `KINDS`: the reader's header and label mapping
(`etl.reader`, `etl.normalize`), the DuckDB DDL (`ddl`), the Great Expectations
suites in `expectations/` (`etl.expectations`), the CSV templates and the analysts'
data dictionary (`etl.docs`). Change a column here and all of them follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["id", "text", "enum", "date", "integer", "decimal", "country", "currency"]
# A partial date (`2021年6月`, `2021`) stands for its whole month or year: a start is stored as
# the period's first day, an end as its last, with the precision beside it.
PartialDate = Literal["start", "end"]
Check = Literal["ror", "orcid"]  # identifiers whose checksum is verified (etl.checks)
OPEN_END_WORDS = ("至今", "今", "现在", "present", "ongoing")
PRECISION_SUFFIX = "_precision"  # the stored column beside a partial date: day | month | year

# Ids as analysts write them: 1–64 characters, letters (Chinese too), digits, spaces and
# punctuation; no control characters or line breaks (the reader has trimmed the cell).
ID_PATTERN = r"^[^\x00-\x1f\x7f\x85\u2028\u2029]{1,64}$"
# A ROR id: 0, six Crockford base-32 characters, a two-digit ISO 7064 checksum (etl.checks).
ROR_PATTERN = r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$"
# A text cell longer than this is almost certainly a paste accident (a whole document in a cell);
# we reject it with a clear message rather than carry it into every chart tooltip.
MAX_TEXT_LENGTH = 2000
# Dates outside these years are typing slips or placeholders (9999-12-31 for "open-ended");
# the contract's empty cell already means open-ended, so we reject them rather than chart
# eight thousand empty years.
MIN_DATE_YEAR = 1900
MAX_DATE_YEAR = 2100
# Values quoted back in reports are cut to this many characters (a 1 MB cell stays in the file).
MAX_REPORTED_VALUE = 200

DUCKDB_TYPES: dict[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "date": "DATE",
    "integer": "INTEGER",
    "decimal": "DOUBLE",
    "country": "VARCHAR",
    "currency": "VARCHAR",
}

TYPE_LABELS: dict[str, tuple[str, str]] = {
    "id": ("编号", "id"),
    "text": ("文本", "text"),
    "enum": ("枚举", "enum"),
    "date": ("日期", "date"),
    "integer": ("整数", "integer"),
    "decimal": ("数值", "decimal"),
    "country": ("国家代码", "country"),
    "currency": ("币种代码", "currency"),
}


@dataclass(frozen=True)
class EnumValue:
    code: str
    labels_zh: tuple[str, ...]  # the first one is the display label; the others are accepted too
    label_en: str

    @property
    def label_zh(self) -> str:
        return self.labels_zh[0]


@dataclass(frozen=True)
class RequiredWhen:
    """The column is required when `column`'s value is one of `values`."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    name: str
    zh: str
    type: ColumnType
    required: bool = False
    unique: bool = False
    fk: str | None = None  # the referenced kind; its key column has the same meaning
    enum: tuple[EnumValue, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    max_is_this_year: bool = False
    pattern: str | None = None
    not_before: str | None = None  # this column must be >= that column of the same row
    at_most: str | None = None  # this column must be <= that column of the same row
    default_from: str | None = None  # an empty cell takes that column's value (end_year ← year)
    required_when: RequiredWhen | None = None
    default: str | None = None  # the code an empty cell means
    partial: PartialDate | None = None  # a date that may be given as a month or a year
    open_end: bool = False  # 至今 / present … mean "no end date"
    check: Check | None = None  # a checksum verified on load
    # Other words accepted for an enum value (a post title for its level), reported as notes.
    aliases: tuple[tuple[str, str], ...] = ()  # (spelling, code)
    note_zh: str = ""
    note_en: str = ""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.enum)

    def effective_max(self) -> float | None:
        if self.max_is_this_year:
            from etl import clock

            return float(clock.today().year)
        return self.max_value


@dataclass(frozen=True)
class SoftRule:
    """A rule whose violation is a warning: the batch still loads."""

    rule: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class Kind:
    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    soft_rules: tuple[SoftRule, ...] = ()
    # What makes a record the same thing: a replacement that changes one of these is likely a
    # reused id rather than a correction, and is reported as a warning.
    identity: tuple[str, ...] = ()
    description_zh: str = ""
    description_en: str = ""

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """The warehouse table's columns: every column, and a precision beside a partial date."""
        out: list[str] = []
        for col in self.columns:
            out.append(col.name)
            if col.partial:
                out.append(col.name + PRECISION_SUFFIX)
        return tuple(out)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def foreign_keys(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.fk)

    @property
    def depends_on(self) -> tuple[str, ...]:
        return tuple(sorted({c.fk for c in self.columns if c.fk and c.fk != self.name}))


def _e(code: str, zh: str | tuple[str, ...], en: str) -> EnumValue:
    return EnumValue(code, (zh,) if isinstance(zh, str) else zh, en)


def _id(name: str, zh: str, **kw: object) -> Column:
    return Column(name, zh, "id", pattern=ID_PATTERN, **kw)  # type: ignore[arg-type]


_IN_FORCE_NOTE = ("为空或“至今”表示仍在进行", "empty or 至今/present = ongoing")

# Post titles analysts write in the level column, and the level each means (the contract's list).
POST_TITLE_LEVELS: tuple[tuple[str, str], ...] = tuple(
    (title, level)
    for level, titles in (
        (
            "leader",
            ("主席", "副主席", "会长", "副会长", "执行主席", "秘书长", "副秘书长", "司库")
            + ("president", "vice-president", "vice president", "chair", "vice-chair")
            + ("executive chair", "secretary-general", "secretary general", "treasurer"),
        ),
        (
            "council",
            ("理事", "常务理事", "执委", "执行委员会委员", "board member", "council member"),
        ),
        ("committee", ("委员", "专业委员会委员", "工作组成员", "committee member")),
    )
    for title in titles
)

UNITS = Kind(
    name="units",
    zh="单位",
    en="Units",
    description_zh="本院及其下属单位",
    description_en="The academy and its sub-units",
    key=("unit_id",),
    columns=(
        _id("unit_id", "单位编号", required=True, unique=True),
        Column("name_zh", "单位名称", "text", required=True),
        Column("name_en", "英文名称", "text"),
        _id(
            "parent_unit_id",
            "上级单位编号",
            fk="units",
            note_zh="为空表示本院总部；不得形成循环",
            note_en="empty = the academy headquarters; no cycles",
        ),
    ),
)

ORGANIZATIONS = Kind(
    name="organizations",
    zh="国际组织",
    en="Organizations",
    description_zh="国际科技组织名录",
    description_en="International S&T organizations",
    key=("org_id",),
    soft_rules=(
        SoftRule(
            "hq_country_missing",
            "总部所在国为空：该组织不计入涉及国家数（每个文件提示一次）",
            "Headquarters country empty: the organization adds no country (warned once per file)",
        ),
    ),
    columns=(
        _id("org_id", "组织编号", required=True, unique=True),
        Column("name_en", "英文名称", "text", required=True),
        Column("name_zh", "中文名称", "text"),
        Column("acronym", "简称", "text"),
        Column(
            "scope",
            "组织类型",
            "enum",
            required=True,
            enum=(
                _e("comprehensive", "综合性", "Comprehensive"),
                _e("specialized", "专业性", "Specialized"),
            ),
        ),
        Column("field", "领域", "text"),
        Column(
            "hq_country",
            "总部所在国",
            "country",
            note_zh="为空表示不详（每个文件提示一次；该组织不计入涉及国家）",
            note_en="empty = unknown (warned once per file; the organization then adds no country)",
        ),
        Column(
            "ror_id",
            "ROR编号",
            "text",
            pattern=ROR_PATTERN,
            check="ror",
            note_zh="ROR 编号（校验位须正确；可写 https://ror.org/…）",
            note_en="a ROR id (checksum verified; https://ror.org/… accepted)",
        ),
        Column("founded_year", "成立年份", "integer", min_value=1800, max_is_this_year=True),
    ),
)

MEMBERSHIPS = Kind(
    name="memberships",
    zh="会员",
    en="Memberships",
    description_zh="本院及下属单位（或个人）在国际组织中的会员资格，含意向清单",
    description_en="Memberships held by the academy, its units or staff, including the intention list",
    key=("membership_id",),
    identity=("org_id",),
    columns=(
        _id("membership_id", "会员编号", required=True, unique=True),
        _id("unit_id", "单位编号", required=True, fk="units"),
        _id("org_id", "组织编号", required=True, fk="organizations"),
        Column(
            "member_type",
            "会员类型",
            "enum",
            required=True,
            enum=(
                _e("institutional", "单位会员", "Institutional"),
                _e("individual", "个人会员", "Individual"),
            ),
        ),
        Column(
            "person_name",
            "姓名",
            "text",
            required_when=RequiredWhen("member_type", ("individual",)),
        ),
        Column(
            "status",
            "状态",
            "enum",
            required=True,
            enum=(
                _e("intended", "意向", "Intended"),
                _e("applying", "申请中", "Applying"),
                _e("active", "有效", "Active"),
                _e("lapsed", "已失效", "Lapsed"),
                _e("withdrawn", "已退出", "Withdrawn"),
            ),
        ),
        Column(
            "start_date",
            "加入日期",
            "date",
            required_when=RequiredWhen("status", ("active", "lapsed", "withdrawn")),
            partial="start",
        ),
        Column(
            "end_date",
            "终止日期",
            "date",
            not_before="start_date",
            partial="end",
            open_end=True,
        ),
        Column("annual_fee", "年费", "decimal", min_value=0),
        Column(
            "currency",
            "币种",
            "currency",
            required_when=RequiredWhen("annual_fee", ()),  # () = whenever that column is given
        ),
    ),
    soft_rules=(
        SoftRule(
            "comprehensive_by_headquarters",
            "综合性国际组织的单位会员宜由院总部加入，而此记录由下属单位持有",
            "An institutional membership of a comprehensive organization is held by a sub-unit; "
            "the academy headquarters should join comprehensive organizations",
        ),
        SoftRule(
            "duplicate_membership",
            "同一单位在同一时期重复持有同一国际组织的会员资格",
            "The same unit holds the same membership of the same organization twice at once",
        ),
    ),
)

CONFERENCES = Kind(
    name="conferences",
    zh="国际会议",
    en="Conferences",
    description_zh="参加、联合举办或承办的国际会议",
    description_en="International conferences attended, co-hosted or hosted",
    key=("conference_id",),
    identity=("title", "start_date"),
    columns=(
        _id("conference_id", "会议编号", required=True, unique=True),
        _id("unit_id", "单位编号", required=True, fk="units"),
        _id(
            "org_id",
            "组织编号",
            fk="organizations",
            note_zh="为空表示非国际组织主办",
            note_en="empty = not under an organization",
        ),
        Column("title", "会议名称", "text", required=True),
        Column(
            "role",
            "参与方式",
            "enum",
            required=True,
            enum=(
                _e("attended", "参加", "Attended"),
                _e("co_hosted", ("联合举办", "合办", "协办"), "Co-hosted"),
                _e("hosted", ("承办", "主办"), "Hosted"),
            ),
        ),
        Column(
            "format",
            "形式",
            "enum",
            default="in_person",
            enum=(
                _e("in_person", "线下", "In person"),
                _e("online", "线上", "Online"),
                _e("hybrid", "线上线下", "Hybrid"),
            ),
            note_zh="为空表示线下",
            note_en="empty = in_person",
        ),
        Column("start_date", "开始日期", "date", required=True),
        Column("end_date", "结束日期", "date", not_before="start_date", open_end=True),
        Column("city", "城市", "text"),
        Column(
            "country",
            "国家",
            "country",
            required_when=RequiredWhen("format", ("in_person", "hybrid")),
            note_zh="线上会议可不填（线上会议不计入涉及国家）",
            note_en="not needed for an online meeting (an online meeting adds no country)",
        ),
        Column("staff_attending", "本院参会人数", "integer", min_value=0),
        Column("presentations", "报告数", "integer", min_value=0),
        Column("attendees_total", "总参会人数", "integer", min_value=0),
        Column("countries_total", "参会国家数", "integer", min_value=1),
        Column(
            "foreign_attendees", "境外参会人数", "integer", min_value=0, at_most="attendees_total"
        ),
        Column(
            "series",
            "会议系列",
            "text",
            note_zh="所属的定期会议系列（如 IUPAC General Assembly）；有系列即为定期会议",
            note_en="the recurring series this meeting belongs to (e.g. IUPAC General Assembly); "
            "a meeting with a series is a regular one",
        ),
    ),
)

POSTS = Kind(
    name="posts",
    zh="任职",
    en="Posts",
    description_zh="本院人员在国际组织中的任职",
    description_en="Posts held by the academy's people in the organizations",
    key=("post_id",),
    identity=("person_name", "org_id"),
    columns=(
        _id("post_id", "任职编号", required=True, unique=True),
        Column("person_name", "姓名", "text", required=True),
        Column(
            "person_id",
            "人员编号",
            "text",
            check="orcid",
            note_zh="工号或 ORCID，用于跨记录识别同一人（形如 ORCID 的须通过其校验位）",
            note_en="staff number or ORCID iD; identifies a person across records (a value "
            "shaped like an ORCID iD must pass its checksum)",
        ),
        _id("unit_id", "单位编号", required=True, fk="units"),
        _id("org_id", "组织编号", required=True, fk="organizations"),
        Column(
            "position",
            "职务",
            "text",
            required=True,
            note_zh="按该组织的称谓填写",
            note_en="as titled by the organization",
        ),
        Column(
            "level",
            "职务级别",
            "enum",
            required=True,
            enum=(
                _e("leader", "领导职务", "Leader"),
                _e("council", "理事", "Council"),
                _e("committee", "专业委员会", "Committee"),
                _e("other", "其他", "Other"),
            ),
            aliases=POST_TITLE_LEVELS,
            note_zh="领导职务 = 主席、副主席、执行主席、秘书长等；也可直接填写职务名称（如“副主席”）",
            note_en="leader = president, chair, vice-president, executive chair, "
            "secretary-general; a common post title (e.g. 副主席) is accepted too",
        ),
        Column("start_date", "任职开始", "date", required=True, partial="start"),
        Column(
            "end_date",
            "任职结束",
            "date",
            not_before="start_date",
            partial="end",
            open_end=True,
            note_zh=_IN_FORCE_NOTE[0],
            note_en=_IN_FORCE_NOTE[1],
        ),
    ),
)

OFFICES = Kind(
    name="offices",
    zh="落户机构",
    en="Offices",
    description_zh="国际组织在本地设立的总部、分支机构、办事处等",
    description_en="Offices of the organizations set up locally",
    key=("office_id",),
    columns=(
        _id("office_id", "机构编号", required=True, unique=True),
        _id("org_id", "组织编号", required=True, fk="organizations"),
        _id("unit_id", "依托单位编号", required=True, fk="units"),
        Column(
            "office_type",
            "机构类型",
            "enum",
            required=True,
            enum=(
                _e("headquarters", "总部", "Headquarters"),
                _e("branch", "分支机构", "Branch"),
                _e("regional_office", "地区办事处", "Regional office"),
                _e("secretariat", "秘书处", "Secretariat"),
                _e("representative_office", "代表处", "Representative office"),
            ),
        ),
        Column("city", "城市", "text", required=True),
        Column("country", "国家", "country", required=True),
        Column(
            "status",
            "状态",
            "enum",
            required=True,
            enum=(
                _e("negotiating", "洽谈中", "Negotiating"),
                _e("approved", "已批准", "Approved"),
                _e("established", "已设立", "Established"),
                _e("closed", "已撤销", "Closed"),
            ),
        ),
        Column(
            "negotiation_date",
            "洽谈开始日期",
            "date",
            partial="start",
            note_zh="开始洽谈的时间",
            note_en="when talks began",
        ),
        Column(
            "approved_date",
            "批准日期",
            "date",
            partial="start",
            not_before="negotiation_date",
            note_zh="获批时间（可只写年月）",
            note_en="when approval was given (may be partial)",
        ),
        Column(
            "established_date",
            "设立日期",
            "date",
            required_when=RequiredWhen("status", ("established", "closed")),
            partial="start",
        ),
        Column(
            "closed_date",
            "撤销日期",
            "date",
            required_when=RequiredWhen("status", ("closed",)),
            not_before="established_date",
            partial="end",
        ),
    ),
)

SAFEGUARDS = Kind(
    name="safeguards",
    zh="保障措施",
    en="Safeguards",
    description_zh="制度、资金、人员、信息共享、外事服务与培训等保障措施",
    description_en="Institutional, funding, personnel, information and service safeguards",
    key=("measure_id",),
    columns=(
        _id("measure_id", "措施编号", required=True, unique=True),
        Column(
            "category",
            "类别",
            "enum",
            required=True,
            enum=(
                _e("institutional", "制度保障", "Institutional"),
                _e("funding", "资金保障", "Funding"),
                _e("personnel", "人员保障", "Personnel"),
                _e("information", "信息共享", "Information sharing"),
                _e("services", "外事服务与培训", "Services & training"),
            ),
        ),
        Column("title", "措施名称", "text", required=True),
        _id(
            "unit_id",
            "单位编号",
            fk="units",
            note_zh="为空表示全院",
            note_en="empty = academy-wide",
        ),
        Column(
            "status",
            "状态",
            "enum",
            required=True,
            enum=(
                _e("planned", "计划", "Planned"),
                _e("in_progress", "实施中", "In progress"),
                _e("done", "已完成", "Done"),
            ),
        ),
        Column("due_date", "计划完成日期", "date"),
        Column("done_date", "完成日期", "date", required_when=RequiredWhen("status", ("done",))),
        Column("amount_cny", "金额（元）", "decimal", min_value=0),
        Column("people", "人数", "integer", min_value=0),
    ),
)


@dataclass(frozen=True)
class Indicator:
    id: str
    zh: str
    en: str
    definition_zh: str
    definition_en: str
    paper: str  # where it sits in the paper's model: mode / path / safeguard / challenge
    is_snapshot: bool = False
    # flow: counts of events in a year, summed over a target's period; stock: things in force
    # (or a share, a depth), whose latest year stands for the period.
    measure: Literal["flow", "stock"] = "stock"
    former_zh: tuple[str, ...] = ()  # names it had before: a targets file may still use them
    is_ratio: bool = False  # a share or ratio: no value (no row) where its denominator is zero


INDICATORS: tuple[Indicator, ...] = (
    Indicator("memberships_active", "年内存续会员数", "Memberships in force in the year",
              "当年内任一时间存续的会员数（状态为有效、已失效或已退出；不同于当前状态为“有效”的会员数）",
              "memberships (active/lapsed/withdrawn) in force during the year", "path:join",
              former_zh=("有效会员数",)),
    Indicator("memberships_new", "新增会员数", "New memberships",
              "加入日期在当年的会员数", "memberships with start_date in the year", "path:join", measure="flow"),
    Indicator("intention_open", "意向清单在办数", "Open intentions",
              "当前处于意向或申请中状态的会员数（当前快照）",
              "memberships now intended or applying (a current snapshot)",
              "safeguard:information", is_snapshot=True),
    Indicator("conferences_attended", "参加国际会议数", "Conferences attended",
              "当年开始、参与方式为参加的会议数", "conferences attended starting in the year",
              "path:interact", measure="flow"),
    Indicator("conferences_cohosted", "联合举办/承办会议数", "Conferences co-hosted or hosted",
              "当年开始、联合举办或承办的会议数",
              "conferences co-hosted or hosted starting in the year", "mode:conferences", measure="flow"),
    Indicator("conferences_online", "线上/混合会议数", "Online or hybrid conferences",
              "当年开始的线上或线上线下会议数", "online or hybrid conferences starting in the year",
              "path:cloud", measure="flow"),
    Indicator("posts_held", "任职数", "Posts held", "当年存续的任职数",
              "posts in force during the year", "mode:posts"),
    Indicator("posts_leader", "领导职务数", "Leader posts", "当年存续的领导职务数",
              "leader-level posts in force during the year", "mode:posts"),
    Indicator("people_in_posts", "任职人数", "People in posts",
              "当年有任职的不同人员数（按人员编号，否则按姓名+单位）",
              "distinct persons (person_id, else name + unit) with a post in force",
              "safeguard:personnel"),
    Indicator("offices_established", "落户机构数", "Offices established",
              "当年存续的已设立落户机构数", "offices established and in force during the year",
              "mode:offices"),
    Indicator("orgs_engaged", "联系国际组织数", "Organizations engaged",
              "当年有会员、任职、落户机构存续或有会议往来的不同组织数",
              "distinct organizations with a membership, post or office in force, or a conference",
              "path:widen"),
    Indicator("partners_new", "新结交组织数", "New partners",
              "当年联系且此前从未联系的组织数", "organizations engaged this year and in no earlier year",
              "path:widen", measure="flow"),
    Indicator("partners_continuing", "持续合作组织数", "Continuing partners",
              "当年与上一年均有联系的组织数", "organizations engaged both this year and last year",
              "path:keep"),
    Indicator("countries_engaged", "涉及国家数", "Countries engaged",
              "当年会议举办国与所联系组织总部所在国的不同国家数",
              "distinct countries of the year's conferences and engaged organizations' headquarters",
              "reach"),
    Indicator("units_engaged", "参与单位数", "Units engaged",
              "当年有任何国际组织活动的不同单位数", "distinct units with any activity in the year",
              "safeguard:atmosphere"),
    Indicator("safeguards_done", "完成保障措施数", "Safeguards done",
              "当年完成的保障措施数", "safeguard measures done in the year", "safeguards", measure="flow"),
    Indicator("depth", "合作深度", "Cooperation depth",
              "当年达到的最高合作深度：0 无 · 1 会员 · 2 参会 · 3 联合举办/承办 · 4 任职 · 5 领导职务 · 6 落户机构",
              "highest depth reached: 0 none · 1 member · 2 attends · 3 co-hosts/hosts · "
              "4 holds a post · 5 holds a leader post · 6 hosts an office",
              "challenge:shallow"),
    Indicator("conferences_qualified", "符合口径的国际会议数", "Qualified international meetings",
              "当年开始、符合所选国际会议口径的会议数（口径无法判断的会议另计）",
              "conferences starting in the year that meet the meeting rule in force (those the "
              "data cannot judge are counted apart)", "mode:conferences", measure="flow"),
    # The paper's four challenges, measured (etl/sql/75_challenges.sql).
    Indicator("memberships_individual_share", "个人会员占比", "Individual membership share",
              "当年有效会员中个人会员所占比例", "individual memberships ÷ all memberships in force",
              "challenge:strategy", is_ratio=True),
    Indicator("memberships_misplaced", "下属单位持有综合性组织单位会员数",
              "Comprehensive memberships held by sub-units",
              "当年有效、由下属单位（而非院总部）持有的综合性国际组织单位会员数",
              "institutional memberships of comprehensive organizations held by a sub-unit, in force",
              "challenge:strategy"),
    Indicator("units_with_targets_share", "有年度目标的单位占比", "Units with targets",
              "当年有至少一项本单位年度目标的单位占（本级及下属）单位总数的比例",
              "units with at least one target of their own for the year ÷ units",
              "challenge:strategy", is_ratio=True),
    Indicator("orgs_shallow_share", "仅停留于参会的组织占比", "Organizations engaged only shallowly",
              "当年联系的组织中，最深合作仅为会员或参会（深度≤2）的比例",
              "organizations engaged whose deepest engagement is membership or attending (depth ≤ 2) "
              "÷ organizations engaged", "challenge:shallow", is_ratio=True),
    Indicator("attend_host_ratio", "参会与办会之比", "Attended per co-hosted conference",
              "当年参加的会议数 ÷ 联合举办或承办的会议数",
              "conferences attended ÷ conferences co-hosted or hosted", "challenge:shallow",
              is_ratio=True),
    Indicator("posts_leader_share", "领导职务占比", "Leader post share",
              "当年存续的任职中领导职务所占比例", "leader posts ÷ posts in force",
              "challenge:posts", is_ratio=True),
    Indicator("leader_posts_ending", "即将到期的领导职务数", "Leader posts ending soon",
              "任期在年末后12个月内结束的领导职务数（当年：今天起12个月内）",
              "leader posts whose term ends within 12 months after the year's end (current year: "
              "after today)", "challenge:posts"),
    Indicator("safeguard_funding", "经费保障金额（元）", "Funding (CNY)",
              "当年完成的经费类保障措施金额合计", "amount_cny of funding measures done in the year",
              "challenge:incentives", measure="flow"),
    Indicator("safeguard_people", "人员与服务保障人数", "People supported",
              "当年完成的人员类与服务类保障措施人数合计",
              "people of personnel and services measures done in the year",
              "challenge:incentives", measure="flow"),
)  # fmt: skip

DEPTH_LEVELS: tuple[tuple[int, str, str], ...] = (
    (0, "无", "None"),
    (1, "会员", "Member"),
    (2, "参会", "Attends"),
    (3, "联合举办/承办", "Co-hosts / hosts"),
    (4, "任职", "Holds a post"),
    (5, "领导职务", "Holds a leader post"),
    (6, "落户机构", "Hosts an office"),
)

TARGETS = Kind(
    name="targets",
    zh="年度目标",
    en="Targets",
    description_zh="领导确定的年度指标目标（全院或分单位）",
    description_en="Leadership's annual targets per indicator, academy-wide or per unit",
    key=("year", "end_year", "indicator", "unit_id"),
    columns=(
        Column("year", "年度", "integer", required=True, min_value=2000, max_value=2100),
        Column(
            "indicator",
            "指标",
            "enum",
            required=True,
            enum=tuple(EnumValue(i.id, (i.zh, *i.former_zh), i.en) for i in INDICATORS),
        ),
        _id(
            "unit_id",
            "单位编号",
            fk="units",
            note_zh="为空表示全院",
            note_en="empty = academy-wide",
        ),
        Column(
            "end_year",
            "截止年度",
            "integer",
            min_value=2000,
            max_value=2100,
            not_before="year",
            default_from="year",
            note_zh="为空表示与年度相同；跨年目标（如“十四五”2021–2025）填写截止年度",
            note_en="empty = year; a target over year … end_year (a five-year plan such as "
            "十四五 2021–2025)",
        ),
        Column("target", "目标值", "decimal", required=True, min_value=0),
    ),
)

# Dependency order: a batch loads units and organizations before the records that refer to them.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (UNITS, ORGANIZATIONS, MEMBERSHIPS, CONFERENCES, POSTS, OFFICES, SAFEGUARDS, TARGETS)
}
KIND_ORDER: tuple[str, ...] = tuple(KINDS)
INDICATOR_IDS: tuple[str, ...] = tuple(i.id for i in INDICATORS)


def kind_for_name(text: str) -> Kind | None:
    """The kind a file-name stem names, in English or Chinese, if exactly one is named."""
    import re

    lowered = text.lower()
    found: set[str] = set()
    for kind in KINDS.values():
        # English names must stand as a word of the stem (`2026-conferences`, `memberships_Q1`).
        if re.search(rf"(?<![a-z]){kind.name}(?![a-z])", lowered):
            found.add(kind.name)
        if kind.zh in text:
            found.add(kind.name)
    # 国际组织 contains no other kind's name, but 会员/国际会议 never overlap either; still,
    # a stem naming two kinds is ambiguous and is refused by the caller.
    if len(found) == 1:
        return KINDS[found.pop()]
    return None


def ddl(kind: Kind, table: str | None = None) -> str:
    """CREATE TABLE statement for a kind (no constraints: the validator enforces keys)."""
    parts = []
    for c in kind.columns:
        parts.append(f"{c.name} {DUCKDB_TYPES[c.type]}")
        if c.partial:
            parts.append(f"{c.name}{PRECISION_SUFFIX} VARCHAR")
    cols = ",\n    ".join(parts)
    return f"CREATE TABLE IF NOT EXISTS {table or kind.name} (\n    {cols}\n);"


def header_aliases(kind: Kind) -> dict[str, str]:
    """Every accepted header spelling (lower-cased, trimmed) mapped to its canonical column."""
    aliases: dict[str, str] = {}
    for col in kind.columns:
        aliases[col.name.lower()] = col.name
        aliases[col.zh.strip().lower()] = col.name
        # Excel users often type the ASCII parentheses for 金额（元）.
        aliases[col.zh.replace("（", "(").replace("）", ")").lower()] = col.name
    return aliases


def enum_inputs(col: Column) -> dict[str, str]:
    """Every accepted spelling of an enum value (lower-cased code, any Chinese label, the
    English label) → code. Aliases (`enum_aliases`) are accepted too, but reported."""
    mapping: dict[str, str] = {}
    for value in col.enum:
        mapping[value.label_en.lower()] = value.code
        for label in value.labels_zh:
            mapping[label.lower()] = value.code
        mapping[value.code.lower()] = value.code
    return mapping


def enum_aliases(col: Column) -> dict[str, str]:
    """Other words accepted for an enum value (lower-cased) → code, e.g. 副主席 → leader."""
    inputs = enum_inputs(col)
    return {k.lower(): v for k, v in col.aliases if k.lower() not in inputs}


def enum_label(kind: str, column: str, code: str | None, lang: str) -> str:
    """Display label for an enum code in the chosen language (the code itself if unknown)."""
    if code is None:
        return ""
    for value in KINDS[kind].column(column).enum:
        if value.code == code:
            return value.label_zh if lang == "zh" else value.label_en
    return code

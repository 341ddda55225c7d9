"""Every word and number the dashboard shows, in 中文 (default) and English.

Enum labels, indicator names and definitions, depth levels and column names come from
`etl.schema` (the one declarative definition); only the dashboard's own wording lives here.
Numbers, money and dates are formatted by `dashboard.formatting`.
"""

from __future__ import annotations

import functools
from typing import Literal

from etl.schema import DEPTH_LEVELS, INDICATORS, KINDS, enum_label

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"
LANG_NAMES: dict[str, str] = {"zh": "中文", "en": "English"}

# key -> (中文, English). Templates use str.format fields.
CATALOG: dict[str, tuple[str, str]] = {
    # app frame
    "app.title": ("国际科技组织参与指标看板", "International S&T Organizations Dashboard"),
    "app.subtitle": (
        "本院参与国际科技组织的模式、路径与保障",
        "How the academy takes part in international S&T organizations",
    ),
    "app.language": ("语言 / Language", "语言 / Language"),
    "page.overview": ("总览", "Overview"),
    "page.modes": ("模式", "Modes"),
    "page.paths": ("路径", "Paths"),
    "page.safeguards": ("保障", "Safeguards"),
    "page.units": ("单位", "Units"),
    "page.organizations": ("国际组织", "Organizations"),
    "page.data": ("数据", "Data"),
    "page.users": ("用户", "Users"),
    # sign-in and roles
    "auth.name": ("用户名", "User name"),
    "auth.password": ("密码", "Password"),
    "auth.submit": ("登录", "Sign in"),
    "auth.failed": ("用户名或密码不正确", "Wrong user name or password"),
    "auth.locked": (
        "登录失败次数过多，请 {seconds} 秒后再试",
        "Too many failed sign-ins; try again in {seconds} s",
    ),
    "auth.no_users": (
        "尚未创建任何用户。请在服务器上运行 `coop user bootstrap` 创建首个管理员。",
        "No users yet. Run `coop user bootstrap` on the server to create the first admin.",
    ),
    "auth.oidc.lead": ("请使用单位统一身份认证登录。", "Sign in with your organization account."),
    "auth.oidc.button": ("统一身份认证登录", "Sign in"),
    "auth.signed_in": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "auth.logout": ("退出登录", "Sign out"),
    "auth.forbidden": ("您没有访问此页面的权限。", "You do not have access to this page."),
    "role.viewer": ("查看者", "viewer"),
    "role.analyst": ("分析员", "analyst"),
    "role.admin": ("管理员", "admin"),
    "page.users.lead": (
        "管理看板用户：查看者可浏览全部看板并导出；分析员还可上传和载入数据；管理员还可管理用户。",
        "Manage dashboard users: viewers read every page and export; analysts also upload and "
        "load data; admins also manage users.",
    ),
    "users.list": ("现有用户", "Users"),
    "users.created": ("创建时间", "Created"),
    "users.add": ("添加或重设用户", "Add or reset a user"),
    "users.role": ("角色", "Role"),
    "users.add.submit": ("保存", "Save"),
    "users.added": ("已保存用户“{name}”（{role}）", "Saved user '{name}' ({role})"),
    "users.remove": ("删除用户", "Remove a user"),
    "users.remove.submit": ("删除", "Remove"),
    "users.removed": ("已删除用户“{name}”", "Removed user '{name}'"),
    "page.overview.lead": (
        "三种参与模式与会员的年度表现、目标进度、合作深度与数据健康状况。",
        "The year's three modes and memberships, progress against targets, cooperation depth "
        "and the health of the data.",
    ),
    "page.modes.lead": (
        "联合举办国际会议、在国际组织任职、吸引国际组织落户三种模式的逐年情况。",
        "Co-hosting conferences, holding posts and attracting offices, year by year.",
    ),
    "page.paths.lead": (
        "加入会员、意向清单、巩固老朋友与拓展新伙伴、覆盖国家。",
        "Joining as members, the intention list, keeping old friends and widening the circle, "
        "and the countries reached.",
    ),
    "page.safeguards.lead": (
        "制度、资金、人员、信息共享与外事服务保障措施的落实情况。",
        "How the institutional, funding, personnel, information and service safeguards are "
        "delivered.",
    ),
    "page.units.lead": (
        "各单位的指标记分卡、合作深度、下属单位逐年情况与单位对比。",
        "Every unit's scorecard and cooperation depth, its sub-units over time, and two units "
        "side by side.",
    ),
    "page.organizations.lead": (
        "国际组织名录及本院与各组织的关系。",
        "The directory of organizations and the academy's relationship with each.",
    ),
    "page.data.lead": (
        "上传并校验数据文件、确认载入、查看载入记录、下载模板与数据字典。",
        "Upload and validate data files, load them on confirmation, see the load history, "
        "download templates and the data dictionary.",
    ),
    # filters
    "filter.header": ("筛选", "Filters"),
    "filter.years": ("年度范围", "Year range"),
    "filter.unit": ("单位（含下属单位）", "Unit (with its sub-units)"),
    "filter.unit.all": ("全院", "Whole academy"),
    "filter.scope": ("组织类型", "Organization scope"),
    "filter.scope.all": ("全部", "All"),
    "filter.reset": ("重置筛选", "Reset filters"),
    "filter.summary": ("{years} · {unit} · {scope}", "{years} · {unit} · {scope}"),
    "filter.scope_note": (
        "组织类型筛选作用于明细图表；官方指标（指标卡、趋势线）按全部组织类型统计。",
        "The organization-scope filter applies to the breakdown charts; official indicators "
        "(tiles, trend lines) count every scope.",
    ),
    "filter.year": ("年度", "Year"),
    # generic
    "provisional": ("（暂定）", " (provisional)"),
    "provisional.note": (
        "{year} 年为最新年度，数据仍在陆续报送，数字为暂定值。",
        "{year} is the latest year; units are still reporting, so its figures are provisional.",
    ),
    "year.label": ("{year}年", "{year}"),
    "yoy": ("较上年 {delta}", "{delta} vs previous year"),
    "yoy.short": ("较上年", "vs previous year"),
    "yoy.none": ("上年无数据", "no previous year"),
    "download.csv": ("CSV", "CSV"),
    "download.xlsx": ("Excel", "Excel"),
    "download.help": ("下载本图数据", "Download this chart's data"),
    "none": ("—", "—"),
    "sep": ("：", ": "),
    "yes": ("是", "Yes"),
    "no": ("否", "No"),
    "count": ("数量", "Count"),
    "share": ("占比", "Share"),
    "value": ("数值", "Value"),
    "year": ("年度", "Year"),
    "unit": ("单位", "Unit"),
    "organization": ("国际组织", "Organization"),
    "country": ("国家", "Country"),
    "indicator": ("指标", "Indicator"),
    "status": ("状态", "Status"),
    "category": ("类别", "Category"),
    "level": ("级别", "Level"),
    "role": ("参与方式", "Role"),
    "format": ("形式", "Format"),
    "scope": ("组织类型", "Scope"),
    "holder": ("持有方", "Held by"),
    "holder.headquarters": ("院总部", "Headquarters"),
    "holder.sub_unit": ("下属单位", "Sub-units"),
    "depth": ("合作深度", "Cooperation depth"),
    "depth.level": ("深度 {level}", "Depth {level}"),
    "units.count": ("单位数", "Units"),
    # empty states
    "empty.no_warehouse.title": ("还没有数据", "No data yet"),
    "empty.no_warehouse.body": (
        "数据目录 `{path}` 中还没有数据仓库。请在 **数据** 页面上传 CSV/xlsx 文件，"
        "或在命令行运行 `coop load 文件…`；如需演示数据，运行 `coop demo`。",
        "The data directory `{path}` holds no warehouse yet. Upload CSV/xlsx files on the "
        "**Data** page, or run `coop load FILES…` on the command line; for demo data run "
        "`coop demo`.",
    ),
    "empty.no_records.title": ("数据仓库是空的", "The warehouse is empty"),
    "empty.no_records.body": (
        "数据目录 `{path}` 中的数据仓库还没有任何记录。请先载入单位（units）和国际组织（organizations），"
        "再载入会员、会议、任职、落户机构、保障措施和年度目标；模板可在 **数据** 页面下载。",
        "The warehouse in `{path}` holds no records yet. Load units and organizations first, then "
        "memberships, conferences, posts, offices, safeguards and targets; templates are on the "
        "**Data** page.",
    ),
    "empty.unavailable.title": ("暂时无法读取数据仓库", "The warehouse cannot be read right now"),
    "empty.unavailable.body": (
        "数据目录 `{path}` 中的数据仓库暂时无法读取（可能正在更新或缺少指标视图）。请稍后刷新页面；"
        "若持续出现，请运行 `coop rebuild`。",
        "The warehouse in `{path}` cannot be read right now (it may be being updated, or its "
        "indicator views are missing). Refresh in a moment; if this persists, run "
        "`coop rebuild`.",
    ),
    "empty.go_to_data": ("前往“数据”页面上传文件", "Go to the Data page to upload files"),
    "empty.filter": (
        "当前筛选条件（{filters}）下没有数据。请放宽年度范围、选择上级单位或全部组织类型。",
        "Nothing matches the current filters ({filters}). Widen the year range, pick a parent "
        "unit, or choose all scopes.",
    ),
    "empty.section": ("当前筛选条件下没有{what}。", "No {what} match the current filters."),
    # overview
    "overview.tiles": ("年度指标", "Headline indicators"),
    "overview.tile.conferences": ("联合举办/承办国际会议", "Conferences co-hosted or hosted"),
    "overview.tile.posts": ("国际组织任职", "Posts held"),
    "overview.tile.posts_leader": ("其中领导职务 {n} 个", "of which leader posts: {n}"),
    "overview.tile.conferences_attended": ("同期参加国际会议 {n} 场", "{n} attended in the year"),
    "overview.tile.memberships_new": ("其中当年新增 {n} 个", "of which new this year: {n}"),
    "overview.tile.pipeline": ("另有在谈/已批准 {n} 个", "{n} more in the pipeline"),
    "overview.tile.offices": ("落户机构", "Offices established"),
    "overview.tile.memberships": ("年内存续会员", "Memberships in force in the year"),
    "overview.target": ("目标 {target} · 完成 {ratio}", "Target {target} · {ratio} reached"),
    "overview.target.none": ("本年度未设目标", "No target set for this year"),
    "overview.target.rule": ("判定规则", "How the status is judged"),
    "overview.progress": ("目标进度", "Progress against targets"),
    "overview.progress.empty": (
        "{year} 年没有设定目标。可在 **数据** 页面载入年度目标（targets）。",
        "No targets are set for {year}. Load targets on the **Data** page.",
    ),
    "overview.depth": ("合作深度阶梯", "Cooperation-depth ladder"),
    "overview.depth.caption": (
        "{year} 年各单位自身达到的最高合作深度（单位数）。深度越高，合作越深入；"
        "停留在“会员”“参会”的单位即论文所说的“浅层合作”。",
        "Units by the highest cooperation depth they reached themselves in {year}. Units that "
        "stop at 'Member' or 'Attends' are the paper's 'shallow cooperation'.",
    ),
    "overview.health": ("数据状况", "Data health"),
    "overview.health.refreshed": ("最近更新", "Last refreshed"),
    "overview.health.loaded": ("已载入文件", "Files loaded"),
    "overview.health.rejected": ("被拒文件", "Files rejected"),
    "overview.health.warnings": ("待处理警告", "Warnings outstanding"),
    "overview.health.never": ("尚无载入记录", "never"),
    "overview.trend": ("三种模式与会员逐年趋势", "Modes and memberships, year by year"),
    "status.on_track": ("按期", "On track"),
    "status.at_risk": ("预警", "At risk"),
    "status.off_track": ("滞后", "Off track"),
    "status.no_target": ("未设目标", "No target"),
    "progress.target": ("目标", "Target"),
    "progress.actual": ("实际", "Actual"),
    "progress.ratio": ("完成率", "Reached"),
    "progress.expected": ("应达进度", "Expected by now"),
    # modes
    "mode.memberships": ("会员", "Memberships"),
    "modes.conferences": ("联合举办国际会议", "Co-hosting conferences"),
    "modes.conf_by_role": ("各年度国际会议（按参与方式）", "Conferences by year and role"),
    "modes.conf_online": ("线上与混合会议占比", "Online and hybrid share"),
    "modes.conf_countries": ("会议举办国（前 {n} 位）", "Host countries (top {n})"),
    "modes.attend_host": ("参会与办会之比", "Attended versus co-hosted/hosted"),
    "modes.attend_host.caption": (
        "每联合举办或承办 1 场会议对应的参会场次。比值越高，越停留在“参加年会”的浅层合作。",
        "Conferences attended per conference co-hosted or hosted. The higher it is, the more "
        "the cooperation stays shallow (mostly attending annual meetings).",
    ),
    "modes.attend_host.ratio": ("参会/办会", "Attended per hosted"),
    "modes.posts": ("在国际组织任职", "Holding posts"),
    "modes.posts_by_level": ("{year} 年在任职务（按级别）", "Posts in force in {year}, by level"),
    "modes.posts_trend": ("任职、领导职务与任职人数", "Posts, leader posts and people in posts"),
    "modes.succession": (
        "换届预警：未来 12 个月内任期届满",
        "Succession alert: terms ending within 12 months",
    ),
    "modes.succession.none": (
        "未来 12 个月内没有任期届满的职务。",
        "No term ends within the next 12 months.",
    ),
    "modes.offices": ("吸引国际组织落户", "Attracting offices"),
    "modes.office_stages": ("落户机构进展阶段", "Offices by stage"),
    "modes.office_timeline": ("落户机构时间线", "Offices over time"),
    "modes.office_timeline.empty": (
        "还没有已设立的落户机构。",
        "No office has been established yet.",
    ),
    "person": ("姓名", "Person"),
    "position": ("职务", "Position"),
    "end_date": ("任期届满", "Term ends"),
    "days_left": ("剩余天数", "Days left"),
    "office": ("落户机构", "Office"),
    "office_type": ("机构类型", "Office type"),
    "city": ("城市", "City"),
    "established": ("设立", "Established"),
    "closed": ("撤销/至今", "Closed / today"),
    "conferences.n": ("会议数", "Conferences"),
    "posts.n": ("职务数", "Posts"),
    "offices.n": ("机构数", "Offices"),
    "memberships.n": ("会员数", "Memberships"),
    "online_share": ("线上/混合占比", "Online/hybrid share"),
    # paths
    "paths.join": ("加入会员", "Joining as members"),
    "paths.by_scope": (
        "{year} 年内存续的会员（按类型与持有方）",
        "Memberships in force in {year}, by scope and holder",
    ),
    "paths.deviations": (
        "综合性组织由下属单位加入（建议改由院总部加入）",
        "Comprehensive organizations joined by a sub-unit (the headquarters should join)",
    ),
    "paths.deviations.none": (
        "没有综合性组织由下属单位加入的情况。",
        "No comprehensive organization is joined by a sub-unit.",
    ),
    "paths.intention": ("意向清单", "Intention list"),
    "paths.funnel": ("意向 → 申请中 → 当前有效", "Intended → applying → active now"),
    "paths.funnel.caption": (
        "均为当前快照：意向、申请中，以及当前状态为“有效”的会员数（不同于总览的“年内存续会员”，"
        "后者还计入当年内失效或退出的会员）。",
        "All a current snapshot: intended, applying, and memberships whose status is active now "
        "(unlike the Overview's 'memberships in force in the year', which also counts those that "
        "lapsed or were withdrawn during the year).",
    ),
    "paths.intention.table": ("在办意向", "Open intentions"),
    "paths.intention.none": ("意向清单为空。", "The intention list is empty."),
    "paths.partners": ("巩固老朋友与拓展新伙伴", "Old friends and a wider circle"),
    "paths.partners.caption": (
        "新结交：当年首次联系的组织；持续合作：当年与上一年均有联系的组织。",
        "New: organizations engaged for the first time; continuing: engaged this year and last.",
    ),
    "paths.countries": ("覆盖国家", "Countries engaged"),
    "paths.countries.list": ("{year} 年涉及国家", "Countries engaged in {year}"),
    "partner.new": ("新结交", "New"),
    "partner.continuing": ("持续合作", "Continuing"),
    "partner.other": ("其他恢复联系", "Returning"),
    "member_since": ("加入日期", "Member since"),
    "paths.orgs_headquartered": ("总部在该国的所联系组织", "Organizations headquartered there"),
    # safeguards
    "safeguards.measures": ("保障措施落实", "Safeguard measures"),
    "safeguards.by_category": ("各类措施（按状态）", "Measures by category and status"),
    "safeguards.progress": ("完成进度", "Completion"),
    "safeguards.progress.item": ("{done}/{total} 已完成", "{done} of {total} done"),
    "safeguards.resources": ("资金与人员投入", "Funding and people"),
    "safeguards.funding": ("资金投入（万元）", "Funding (CNY thousand)"),
    "safeguards.funding.total": ("{years} 资金投入", "Funding, {years}"),
    "safeguards.people.total": ("{years} 人员投入（人次）", "People, {years}"),
    "amount_cny": ("金额（元）", "Amount (CNY)"),
    "safeguards.people": ("人员投入（人次）", "People"),
    "safeguards.resources.caption": (
        "按完成日期所在年度统计；未完成的措施按计划完成日期统计。",
        "Counted in the year the measure was done, or its due year if not done yet.",
    ),
    "safeguards.overdue": ("逾期未完成的措施", "Overdue measures"),
    "safeguards.overdue.none": ("没有逾期未完成的措施。", "No measure is overdue."),
    "safeguards.info": (
        "信息共享保障（来自数据本身）",
        "Information safeguard (from the data itself)",
    ),
    "safeguards.info.reporting": ("{year} 年报送单位", "Units reporting in {year}"),
    "safeguards.info.reporting.value": ("{n} / {total}", "{n} of {total}"),
    "safeguards.info.freshness": ("数据新鲜度", "Freshness"),
    "safeguards.info.days": ("{n} 天前更新", "updated {n} days ago"),
    "safeguards.info.today": ("今天更新", "updated today"),
    "safeguards.info.warnings": ("待处理校验警告", "Validation warnings outstanding"),
    "safeguards.info.latest": ("各类记录的最新日期", "Latest record date per kind"),
    "safeguards.info.silent": ("{year} 年尚未报送的单位", "Units with nothing reported in {year}"),
    "safeguards.info.silent.none": ("所有单位均已报送。", "Every unit has reported."),
    "due_date": ("计划完成", "Due"),
    "days_overdue": ("逾期天数", "Days overdue"),
    "title": ("名称", "Title"),
    "amount": ("金额", "Amount"),
    "people": ("人数", "People"),
    "kind": ("记录类型", "Record kind"),
    "latest_date": ("最新日期", "Latest date"),
    "records": ("记录数", "Records"),
    # units
    "units.scorecard": ("{year} 年单位记分卡", "Unit scorecard, {year}"),
    "units.scorecard.caption": (
        "每个单位的数字包含其全部下属单位。点击列标题排序。",
        "Each unit's figures include all of its sub-units. Click a column header to sort.",
    ),
    "units.drill": ("单位逐年情况", "One unit over time"),
    "units.drill.pick": ("选择单位", "Pick a unit"),
    "units.drill.indicator": ("指标", "Indicator"),
    "units.drill.self": ("{unit}（含全部下属单位）", "{unit} (with all its sub-units)"),
    "units.drill.children": ("{unit} 的直属下属单位", "Direct sub-units of {unit}"),
    "units.drill.no_children": ("{unit} 没有下属单位。", "{unit} has no sub-units."),
    "units.compare": ("单位对比", "Compare two units"),
    "units.compare.a": ("单位甲", "Unit A"),
    "units.compare.b": ("单位乙", "Unit B"),
    "units.compare.caption": ("{year} 年各项指标对比", "Every indicator in {year}"),
    "units.parent": ("上级单位", "Parent unit"),
    # organizations
    "orgs.directory": ("国际组织名录", "Directory of organizations"),
    "orgs.search": ("搜索组织（名称、简称、领域）", "Search (name, acronym, field)"),
    "orgs.profile": ("组织详情", "Organization profile"),
    "orgs.profile.pick": ("选择组织", "Pick an organization"),
    "orgs.member_since": ("加入年份", "Member since"),
    "orgs.posts_now": ("现任职务", "Posts now"),
    "orgs.conferences": ("会议", "Conferences"),
    "orgs.offices": ("落户机构", "Offices"),
    "orgs.intention": ("意向清单", "On intention list"),
    "orgs.memberships": ("会员记录", "Memberships"),
    "orgs.posts": ("任职记录", "Posts"),
    "orgs.conference_list": ("会议记录", "Conferences"),
    "orgs.office_list": ("落户机构记录", "Offices"),
    "orgs.hq": ("总部所在国", "Headquarters"),
    "orgs.field": ("领域", "Field"),
    "orgs.founded": ("成立年份", "Founded"),
    "orgs.acronym": ("简称", "Acronym"),
    "orgs.name": ("名称", "Name"),
    "orgs.none_selected": (
        "从上方选择一个组织查看详情。",
        "Pick an organization above to see its profile.",
    ),
    "orgs.member_type": ("会员类型", "Member type"),
    "orgs.nothing": ("暂无记录。", "No records."),
    "start_date": ("开始日期", "Start"),
    "end": ("结束日期", "End"),
    # data page
    "data.upload": ("上传数据文件", "Upload data files"),
    "data.upload.help": (
        "可一次上传多个 CSV 或 xlsx 文件；每个文件一种记录类型，类型由文件名判断"
        "（如 memberships.csv、2026-会员.xlsx）。同一批次要么全部载入，要么全部不载入。",
        "Upload one or several CSV or xlsx files; one record kind per file, told by the file "
        "name (memberships.csv, 2026-conferences.xlsx …). A batch loads entirely or not at all.",
    ),
    "data.uploader.button": ("选择文件", "Choose files"),
    "data.uploader.hint": (
        "可拖放到此处 · 每个文件不超过 {mb} MB · CSV、XLSX",
        "or drop them here · up to {mb} MB each · CSV, XLSX",
    ),
    "data.kind": ("记录类型", "Record kind"),
    "data.kind.auto": ("按文件名自动判断", "From the file names"),
    "data.validating": ("正在校验…", "Validating…"),
    "data.loading": ("正在载入…", "Loading…"),
    "data.report": ("校验报告", "Validation report"),
    "data.report.valid": (
        "校验通过：{files} 个文件，共 {rows} 行，{warnings} 条警告。确认后即可载入。",
        "Valid: {files} file(s), {rows} rows, {warnings} warning(s). Confirm to load.",
    ),
    "data.report.invalid": (
        "校验未通过：{errors} 处错误，{warnings} 条警告。请按下表修改后重新上传；本批次不会载入。",
        "Not valid: {errors} error(s), {warnings} warning(s). Fix the rows below and upload "
        "again; nothing in this batch can be loaded.",
    ),
    "data.load": ("确认载入", "Load these files"),
    "data.loaded.accepted": (
        "已载入：{files} 个文件，共 {rows} 行。各页面已按新数据更新。",
        "Loaded: {files} file(s), {rows} rows. Every page now shows the new data.",
    ),
    "data.loaded.unchanged": (
        "这些文件中的记录与数据库中已有的完全相同，数据未改变。",
        "Every record in these files is the same as stored; nothing changed.",
    ),
    "data.loaded.rejected": (
        "载入被拒绝：{errors} 处错误，数据未改变。",
        "The load was rejected with {errors} error(s); nothing changed.",
    ),
    "data.failed": ("操作未完成：{message}", "Could not finish: {message}"),
    "data.file": ("文件", "File"),
    "data.rows": ("行数", "Rows"),
    "data.errors": ("错误", "Errors"),
    "data.warnings": ("警告", "Warnings"),
    "data.severity": ("类别", "Severity"),
    "data.severity.error": ("错误", "Error"),
    "data.severity.warning": ("警告", "Warning"),
    "data.row": ("行", "Row"),
    "data.column": ("列", "Column"),
    "data.value": ("值", "Value"),
    "data.rule": ("规则", "Rule"),
    "data.message": ("说明", "Message"),
    "data.report.download": ("下载报告", "Download the report"),
    "data.history": ("载入记录", "Load history"),
    "data.history.none": ("还没有载入记录。", "Nothing has been loaded yet."),
    "data.history.files": ("最近载入的文件", "Recently loaded files"),
    "data.run.started": ("时间", "When"),
    "data.run.source": ("来源", "Source"),
    "data.run.user": ("操作人", "By"),
    "data.run.status": ("结果", "Outcome"),
    "data.run.files": ("文件数", "Files"),
    "data.run.rows": ("行数", "Rows"),
    "data.templates": ("模板与数据字典", "Templates and data dictionary"),
    "data.templates.caption": (
        "模板含规范列名；表头也可使用中文列名。数据字典说明每一列的含义与规则。",
        "Templates carry the canonical column names; Chinese headers are accepted too. The "
        "data dictionary explains every column and rule.",
    ),
    "data.dictionary": ("数据字典", "Data dictionary"),
    "data.dictionary.download": ("下载数据字典（{language}）", "Data dictionary ({language})"),
    "data.docs.unavailable": (
        "模板与数据字典暂不可用。",
        "Templates and the data dictionary are not available yet.",
    ),
    "source.cli": ("命令行", "Command line"),
    "source.refresh": ("定时刷新", "Scheduled refresh"),
    "source.upload": ("页面上传", "Upload"),
    "source.demo": ("演示数据", "Demo"),
    "source.rebuild": ("重建", "Rebuild"),
    "outcome.accepted": ("已载入", "Accepted"),
    "outcome.unchanged": ("无变化", "Unchanged"),
    "outcome.rejected": ("被拒绝", "Rejected"),
    "outcome.valid": ("校验通过", "Valid"),
    "outcome.invalid": ("校验未通过", "Invalid"),
    "users.audit": ("登录记录", "Sign-in audit"),
    "users.audit.caption": (
        "最近的登录、失败与锁定（按用户名和来源地址限制失败次数）。",
        "Recent sign-ins, failures and lockouts (failures are limited per user name and per "
        "client address).",
    ),
    "users.audit.at": ("时间", "Time"),
    "users.audit.event": ("事件", "Event"),
    "users.audit.address": ("来源地址", "Address"),
    "users.audit.none": ("尚无登录记录。", "No sign-ins recorded yet."),
    "signin.signed_in": ("登录成功", "Signed in"),
    "signin.failed": ("密码错误或用户不存在", "Wrong password or unknown user"),
    "signin.locked": ("已锁定，拒绝", "Refused while locked"),
    "users.audit.local": ("本机或未知", "this machine or unknown"),
    "auth.remembering": ("正在登录…", "Signing in…"),
    "auth.remembering.skip": ("继续（本次登录不保持）", "Continue without staying signed in"),
    # data page: what a batch changes, withdrawing records
    "data.counts.new": ("新增", "New"),
    "data.counts.replaced": ("替换", "Replaced"),
    "data.counts.same": ("相同", "Same"),
    "data.report.counts": (
        "其中新增 {new} 条、替换 {replaced} 条、与已有相同 {same} 条。",
        " Records: {new} new, {replaced} replacing stored ones, {same} the same as stored.",
    ),
    "data.report.unchanged": (
        "校验通过，但这 {files} 个文件中的记录与数据库中已有的完全相同：载入不会改变任何数据。",
        "Valid, but every record in these {files} file(s) is the same as stored: loading them "
        "would change nothing.",
    ),
    "data.updates": ("将被替换的记录（逐项变化）", "Records replaced (field by field)"),
    "data.record": ("记录编号", "Record"),
    "data.old": ("原值", "Old"),
    "data.new": ("新值", "New"),
    "data.identity": (
        "{n} 条记录的关键信息（如会议名称、开始日期、姓名、组织）将被改变：这更像是重复使用了编号，"
        "而不是更正。请逐条确认后再载入。",
        "{n} replacement(s) change what identifies a record (a title, a start date, a person, "
        "an organization): more likely a reused id than a correction. Check each before loading.",
    ),
    "data.withdraw": ("撤回记录", "Withdraw records"),
    "data.withdraw.help": (
        "按编号删除记录，与 coop delete 相同：整体提交、记录操作人、时间与原因；"
        "仍被其他记录引用的单位或组织不能删除。",
        "Remove records by id, as `coop delete` does: all or nothing, recorded with who, when "
        "and why; a unit or organization that records still refer to cannot be removed.",
    ),
    "data.withdraw.ids": (
        "记录编号（可多个，以空格或逗号分隔）",
        "Ids (several: spaces or commas)",
    ),
    "data.withdraw.ids.help": ("编号写法：{form}", "Written as: {form}"),
    "data.withdraw.reason": ("原因（记入载入记录）", "Reason (kept in the load history)"),
    "data.withdraw.confirm": (
        "我确认要从数据库中删除这些记录",
        "I confirm these records are to be removed from the warehouse",
    ),
    "data.withdraw.button": ("撤回", "Withdraw"),
    "data.withdraw.unconfirmed": (
        "请先勾选确认，再撤回记录。",
        "Tick the confirmation first, then withdraw.",
    ),
    "data.withdrawing": ("正在撤回…", "Withdrawing…"),
    "data.withdrawn": (
        "已撤回 {records} 条记录，各页面已按新数据更新。",
        "Withdrew {records} record(s); every page now shows the new data.",
    ),
    "data.withdraw.refused": (
        "未撤回：{errors} 处错误，数据未改变。",
        "Nothing was withdrawn: {errors} error(s); nothing changed.",
    ),
    "source.delete": ("撤回记录", "Withdrawal"),
    # leadership's questions: posts and offices by name, targets by unit, fees, meeting rule
    "modes.leader_posts": ("在任领导职务", "Leader posts held now"),
    "modes.leader_posts.caption": (
        "当前在任的领导职务（主席、副主席、秘书长等）；标记 ⚑ 的任期在未来 12 个月内届满。",
        "Leader posts held today (president, vice-president, secretary-general …); ⚑ marks "
        "a term ending within the next 12 months.",
    ),
    "modes.leader_posts.none": ("当前没有在任的领导职务。", "No leader post is held today."),
    "since": ("任职起始", "Since"),
    "term_end": ("任期届满", "Term ends"),
    "ending_soon": ("12 个月内届满", "Ends within 12 months"),
    "ending_soon.mark": ("⚑ 是", "⚑ Yes"),
    "modes.office_pipeline": ("落户机构名单（按阶段）", "Offices by name and stage"),
    "modes.office_pipeline.caption": (
        "“自”为进入当前阶段的日期：洽谈开始、获批、设立或撤销日期。",
        "'Since' is when the office reached its stage: talks began, approved, established or "
        "closed.",
    ),
    "stage": ("阶段", "Stage"),
    "stage_since": ("自", "Since"),
    "host_unit": ("依托单位", "Host unit"),
    "modes.qualification": ("国际会议口径判定", "Under the meeting rule"),
    "modes.qualification.title": (
        "各年度会议是否符合国际会议口径",
        "Conferences by year: meeting the rule or not",
    ),
    "modes.qualification.caption": (
        "“无法判断”：口径所需的信息（如总参会人数、参会国家数）未填写，不计为符合。",
        "'Cannot judge': a cell the rule needs (attendees, countries …) is empty; such a "
        "conference is never counted as meeting the rule.",
    ),
    "qualification.qualified": ("符合口径", "Meets the rule"),
    "qualification.not_qualified": ("不符合口径", "Does not meet the rule"),
    "qualification.unknown": ("无法判断", "Cannot judge"),
    "meeting_rule.note": (
        "现行国际会议口径：{name}（依据：{source}）。",
        "Meeting rule in force: {name} (source: {source}).",
    ),
    "meeting_rule.note.counts": (
        "会议数为全部记录的会议；现行国际会议口径为 {name}（依据：{source}），"
        "符合口径的会议数见“模式”页。",
        "Conference counts are of every recorded conference; the meeting rule in force is "
        "{name} (source: {source}); the Modes page counts those meeting it.",
    ),
    "units.targets": ("{year} 年各单位目标完成情况", "Every unit's targets, {year}"),
    "units.targets.caption": (
        "所有单位（含全院）在 {year} 年所处目标期内的进度；跨年目标显示期间至今的累计（流量指标）"
        "或最新值（存量指标）。点击列标题排序。",
        "Every unit's (and the academy's) targets whose period covers {year}; a target over "
        "several years shows the period so far (flows summed, stocks at their latest value). "
        "Click a column header to sort.",
    ),
    "units.targets.none": ("{year} 年没有设定目标。", "No targets cover {year}."),
    "progress.period": ("目标期", "Period"),
    "overview.target.rule.text": (
        "流量指标（如举办会议数）：期间累计值与按时间折算的目标（目标 × 已过时间比例）相比；"
        "存量指标（如年内存续会员数）：最新值与从基期值（目标期前一年）到目标值的直线上今天应达的值相比。"
        "按期：达到应达值；预警：达到应达值的 80%；滞后：低于此值。目标为 0 视为已完成。",
        "Flows (conferences held …): the period's total against the target pro-rated to the "
        "time elapsed. Stocks (memberships in force …): the latest value against the straight "
        "line from the baseline (the year before the period) to the target, where it stands "
        "today. On track: at or above that; at risk: at least 80% of it; off track: below. A "
        "target of 0 is always met.",
    ),
    "overview.target.expected": (
        "此目标现应完成 {expected}。",
        " This target expects {expected} by now.",
    ),
    "paths.active_now": ("当前有效", "Active now"),
    "paths.fees": ("会员年费", "Membership fees"),
    "paths.fees.caption": (
        "每项会员资格的年费计入其存续的每一年；各币种分列，不作换算。",
        "A membership's annual fee counts in every year it is in force; each currency has "
        "its own column, never converted.",
    ),
    "paths.fees.by_unit": ("各单位会员年费（按年度、币种）", "Fees by unit, year and currency"),
    "paths.fees.by_org": (
        "各国际组织会员年费（按年度、币种）",
        "Fees by organization, year and currency",
    ),
    "paths.fees.none": ("当前筛选条件下没有登记年费的会员。", "No membership with a fee matches."),
    "orgs.member_until": ("曾为会员（至）", "Former member (until)"),
    "orgs.member_since.caption": (
        "“加入年份”只列当前有效的会员资格；已失效或已退出的会员资格列在“曾为会员（至）”。",
        "'Member since' lists current memberships only; lapsed or withdrawn ones show under "
        "'Former member (until)'.",
    ),
    "safeguards.academy_wide": (
        "全院性措施（未指定单位）不属于任何单位：选择某一单位时不显示这些措施。",
        "Academy-wide measures (no unit given) belong to no unit: they are not shown when a "
        "unit is chosen.",
    ),
    "page.settings": ("设置", "Settings"),
    "page.settings.lead": (
        "看板的全院设置（仅管理员）：选择国际会议口径。",
        "Academy-wide settings of the dashboard (admins only): the meeting rule.",
    ),
    "settings.meeting_rule": ("国际会议口径", "Meeting rule"),
    "settings.meeting_rule.help": (
        "哪些会议计为“国际会议”。更改后将按新口径重新计算全部指标，各页面随即更新。",
        "Which conferences count as international meetings. Changing it recomputes every "
        "indicator; every page then shows the new figures.",
    ),
    "settings.meeting_rule.current": ("现行口径：{name}", "In force: {name}"),
    "settings.meeting_rule.source": ("依据：{source}", "Source: {source}"),
    "settings.meeting_rule.save": ("采用此口径", "Use this rule"),
    "settings.meeting_rule.saving": ("正在重新计算指标…", "Recomputing the indicators…"),
    "settings.meeting_rule.saved": ("已采用口径：{name}", "Now in force: {name}"),
    "settings.meeting_rule.unchanged": ("该口径已在使用中。", "That rule is already in force."),
    "settings.failed": ("未能保存：{message}", "Could not save: {message}"),
    # fields and cities the data stores in Chinese (the demo's), with their English names
    "field.多学科": ("多学科", "Multidisciplinary"),
    "field.工程": ("工程", "Engineering"),
    "field.化学": ("化学", "Chemistry"),
    "field.物理学": ("物理学", "Physics"),
    "field.数学": ("数学", "Mathematics"),
    "field.数据科学": ("数据科学", "Data science"),
    "field.信息与通信": ("信息与通信", "Information and communications"),
    "field.自动化与控制": ("自动化与控制", "Automation and control"),
    "field.天文与空间": ("天文与空间", "Astronomy and space"),
    "field.生物学": ("生物学", "Biology"),
    "field.地理学": ("地理学", "Geography"),
    "field.测绘与遥感": ("测绘与遥感", "Surveying and remote sensing"),
    "field.地球物理与岩土": ("地球物理与岩土", "Geophysics and geotechnics"),
    "field.食品科学": ("食品科学", "Food science"),
    "field.农业": ("农业", "Agriculture"),
    "field.水科学": ("水科学", "Water science"),
    "field.能源": ("能源", "Energy"),
    "field.林业与生态": ("林业与生态", "Forestry and ecology"),
    "field.气象与气候": ("气象与气候", "Meteorology and climate"),
    "field.海洋与极地": ("海洋与极地", "Ocean and polar science"),
    "field.标准与计量": ("标准与计量", "Standards and metrology"),
    "city.南京": ("南京", "Nanjing"),
    "city.苏州": ("苏州", "Suzhou"),
    "city.无锡": ("无锡", "Wuxi"),
    "city.常州": ("常州", "Changzhou"),
    "city.南通": ("南通", "Nantong"),
    "city.扬州": ("扬州", "Yangzhou"),
    "city.镇江": ("镇江", "Zhenjiang"),
    "city.泰州": ("泰州", "Taizhou"),
    "city.盐城": ("盐城", "Yancheng"),
    "city.淮安": ("淮安", "Huai'an"),
    "city.徐州": ("徐州", "Xuzhou"),
    "city.连云港": ("连云港", "Lianyungang"),
    "city.宿迁": ("宿迁", "Suqian"),
}

_STATUS_KEYS = ("on_track", "at_risk", "off_track")


@functools.cache
def _indicator_map() -> dict[str, tuple[str, str, str, str]]:
    return {i.id: (i.zh, i.en, i.definition_zh, i.definition_en) for i in INDICATORS}


def t(key: str, lang: str, **fields: object) -> str:
    """The text for `key` in `lang`, with `fields` filled in; a missing key shows itself."""
    zh, en = CATALOG.get(key, (key, key))
    template = en if lang == "en" else zh
    return template.format(**fields) if fields else template


def indicator_name(indicator_id: str, lang: str) -> str:
    names = _indicator_map().get(indicator_id)
    if names is None:
        return indicator_id
    return names[1] if lang == "en" else names[0]


def indicator_definition(indicator_id: str, lang: str) -> str:
    names = _indicator_map().get(indicator_id)
    if names is None:
        return ""
    return names[3] if lang == "en" else names[2]


def depth_label(level: int, lang: str) -> str:
    for number, zh, en in DEPTH_LEVELS:
        if number == level:
            return f"{number} · {en if lang == 'en' else zh}"
    return str(level)


def enum_text(kind: str, column: str, code: str | None, lang: str) -> str:
    """An enum code's label from the schema, in `lang`."""
    return enum_label(kind, column, code, lang)


def enum_codes(kind: str, column: str) -> tuple[str, ...]:
    return KINDS[kind].column(column).codes


def column_label(kind: str, column: str, lang: str) -> str:
    """A record kind's column, named the way analysts see it in the templates."""
    col = KINDS[kind].column(column)
    return column if lang == "en" else col.zh


def kind_label(kind: str, lang: str) -> str:
    spec = KINDS.get(kind)
    if spec is None:
        return kind
    return spec.en if lang == "en" else spec.zh


def status_label(status: str | None, lang: str) -> str:
    if status in _STATUS_KEYS:
        return t(f"status.{status}", lang)
    return t("status.no_target", lang)


@functools.cache
def _country_names_zh() -> dict[str, str]:
    import gettext

    import pycountry

    translation = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True
    )
    return {c.alpha_2: translation.gettext(c.name) for c in pycountry.countries}


@functools.cache
def _country_names_en() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def country_name(code: str | None, lang: str) -> str:
    if not code:
        return ""
    names = _country_names_en() if lang == "en" else _country_names_zh()
    return names.get(code.upper(), code)


def _named(prefix: str, value: str | None, lang: str) -> str:
    """A name the data stores in Chinese, in `lang` when the catalog has it (else as stored)."""
    if value is None:
        return ""
    names = CATALOG.get(f"{prefix}.{value}")
    if names is None:
        return value
    return names[1] if lang == "en" else names[0]


def field_name(value: str | None, lang: str) -> str:
    """An organization's field (stored in Chinese) in `lang`, falling back to the stored text."""
    return _named("field", value, lang)


def city_name(value: str | None, lang: str) -> str:
    """A city (stored as written, often in Chinese) in `lang`, falling back to the stored text."""
    return _named("city", value, lang)

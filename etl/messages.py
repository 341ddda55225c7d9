"""Bilingual message catalog for report entries: one template per rule, in 中文 and English.

Templates take the fields of the problem (`column`, `zh`, `value`, `allowed`, …) by name.
The dashboard and the CLI pick the language; JSON reports carry the chosen one.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # file level
    "file.not_found": ("找不到文件或文件夹：{path}", "No such file or folder: {path}"),
    "file.unreadable": ("无法读取文件：{detail}", "Cannot read the file: {detail}"),
    "file.format": (
        "不支持的文件格式 {detail}：请使用 .csv 或 .xlsx",
        "Unsupported file format {detail}: use .csv or .xlsx",
    ),
    "file.binary": (
        "这不是文本表格文件（含有二进制内容）",
        "This is not a text spreadsheet file (it contains binary data)",
    ),
    "file.encoding": (
        "无法识别文件编码：请另存为 UTF-8 或 GB18030/GBK 编码的 CSV",
        "Unknown text encoding: save the CSV as UTF-8 or GB18030/GBK",
    ),
    "file.empty": ("文件是空的", "The file is empty"),
    "file.no_records": (
        "文件只有表头，没有任何记录",
        "The file has a header row but no records",
    ),
    "file.kind_unknown": (
        "无法判断“{detail}”的记录类型：文件名未写明唯一一种类型，前 {rows} 行中也没有符合某一类型各列的"
        "表头；请在文件名中写明类型（{allowed}），或使用 --kind 指定",
        "Cannot tell the record kind of '{detail}': the file name names no single kind, and no "
        "row among the first {rows} is a header of one kind's columns; name the kind in the file "
        "name ({allowed}), or pass --kind",
    ),
    "file.xlsx": ("无法读取 Excel 文件：{detail}", "Cannot read the Excel file: {detail}"),
    "file.missing_column": (
        "表头（第 {row} 行）缺少必填列“{column}”（{zh}）",
        "The header (row {row}) lacks the required column '{column}' ({zh})",
    ),
    "file.duplicate_column": (
        "列“{value}”在表头中出现了不止一次（均对应 {column}）",
        "Column '{value}' appears more than once in the header (all mean {column})",
    ),
    "file.unknown_column": (
        "未知列“{value}”已忽略",
        "Unknown column '{value}' is ignored",
    ),
    "file.ragged_row": (
        "本行有 {value} 个字段，而表头只有 {allowed} 列（多出的逗号或引号未闭合）",
        "This row has {value} fields but the header has {allowed} columns "
        "(an extra comma, or an unclosed quote)",
    ),
    "file.malformed": ("CSV 格式错误：{detail}", "Malformed CSV: {detail}"),
    # cell level
    "required": ("“{column}”为必填项", "'{column}' is required"),
    "required_when": (
        "当 {condition} 时，“{column}”为必填项",
        "'{column}' is required when {condition}",
    ),
    "type.date": (
        "“{value}”不是可接受的日期：请使用 {allowed}，年份在 1900–2100 之间"
        "（无结束日期请留空或写“至今”）",
        "'{value}' is not an accepted date: use {allowed}, years 1900–2100 "
        "(leave an open end empty, or write 至今/present)",
    ),
    "type.integer": ("“{value}”不是整数", "'{value}' is not a whole number"),
    "type.decimal": ("“{value}”不是数值", "'{value}' is not a number"),
    "enum": (
        "“{value}”不是“{column}”的有效取值；可用：{allowed}",
        "'{value}' is not a valid '{column}'; allowed: {allowed}",
    ),
    "id_format": (
        "编号“{value}”格式不对：须为 1–64 个字符，不含换行或控制字符",
        "Id '{value}' is malformed: use 1–64 characters without line breaks or control characters",
    ),
    "pattern": (
        "“{value}”不符合“{column}”的格式 {allowed}",
        "'{value}' does not match the format of '{column}': {allowed}",
    ),
    "country": (
        "无法识别国家“{value}”：请填写国家名称（如 美国、英国）或 ISO 两位代码（如 US、GB）。"
        "相近的名称：{detail}",
        "Unknown country '{value}': give a country's name (e.g. United States, 美国) or its "
        "ISO 3166-1 alpha-2 code (e.g. US). Closest names: {detail}",
    ),
    "country.ambiguous": (
        "“{value}”可指多个国家（{detail}）：请写全称或两位代码",
        "'{value}' names more than one country ({detail}): give the full name or the code",
    ),
    "currency": (
        "无法识别币种“{value}”：请填写币种名称（如 美元、人民币）或 ISO 4217 代码（如 USD）。"
        "相近的名称：{detail}",
        "Unknown currency '{value}': give a currency's name (e.g. US Dollar, 美元) or its "
        "ISO 4217 code (e.g. USD). Closest names: {detail}",
    ),
    "currency.ambiguous": (
        "“{value}”可指多个币种（{detail}）：请写全称或三位代码",
        "'{value}' names more than one currency ({detail}): give the full name or the code",
    ),
    "check.ror": (
        "ROR 编号“{value}”的校验位不对（请从 ror.org 复制完整编号）",
        "ROR id '{value}' fails its checksum (copy the whole id from ror.org)",
    ),
    "check.orcid": (
        "“{value}”形如 ORCID，但校验位不对（请从 orcid.org 复制完整编号）",
        "'{value}' is shaped like an ORCID iD but fails its check digit "
        "(copy the whole iD from orcid.org)",
    ),
    "range": (
        "“{column}”的值 {value} 超出允许范围 {allowed}",
        "'{column}' value {value} is outside the allowed range {allowed}",
    ),
    "max_length": (
        "“{column}”内容过长（超过 {allowed} 个字符）",
        "'{column}' is too long (over {allowed} characters)",
    ),
    "at_most": (
        "“{column}”{value} 大于 {allowed}",
        "'{column}' {value} is more than {allowed}",
    ),
    "date_order": (
        "“{column}”{value} 早于 {allowed}",
        "'{column}' {value} is earlier than {allowed}",
    ),
    "unique": (
        "编号“{value}”重复（{column} 必须唯一）",
        "Duplicate id '{value}' ({column} must be unique)",
    ),
    "unique_key": (
        "同一 {allowed} 的记录重复出现",
        "The same {allowed} appears more than once",
    ),
    "unique_batch": (
        "编号“{value}”已在本批次文件 {detail} 中出现",
        "Id '{value}' already appears in {detail} in this batch",
    ),
    "fk": (
        "“{column}”引用的 {allowed}“{value}”不存在于数据库或本批次中",
        "'{column}' refers to {allowed} '{value}', which is neither in the warehouse "
        "nor in this batch",
    ),
    "cycle": (
        "单位上下级关系形成循环：{value}",
        "The unit hierarchy has a cycle: {value}",
    ),
    # soft rules
    "comprehensive_by_headquarters": (
        "综合性国际组织“{value}”的单位会员由下属单位“{detail}”持有；建议由院总部加入",
        "The institutional membership of comprehensive organization '{value}' is held by the "
        "sub-unit '{detail}'; the paper recommends the headquarters join comprehensive "
        "organizations",
    ),
    "duplicate_membership": (
        "单位“{detail}”同时持有国际组织“{value}”的另一会员资格（{allowed}），时间重叠",
        "Unit '{detail}' holds another membership of organization '{value}' ({allowed}) at the "
        "same time",
    ),
    "hq_country_missing": (
        "{count} 个组织未填总部所在国（第 {rows} 行）：这些组织不计入涉及国家数",
        "{count} organization(s) have no headquarters country (rows {rows}): they add no "
        "country to the countries engaged",
    ),
    # notes: what the loader understood for the analyst
    "note.mapped": (
        "“{value}”理解为 {allowed}（{count} 行：第 {rows} 行）",
        "'{value}' read as {allowed} ({count} rows: {rows})",
    ),
    "note.open_end": (
        "“{value}”理解为没有结束日期（{count} 行：第 {rows} 行）",
        "'{value}' read as no end date ({count} rows: {rows})",
    ),
    # batch level
    "batch.not_loaded": (
        "本批次中其他文件有错误，整批未载入（本文件本身无错误）",
        "Not loaded because another file in this batch has errors (this file itself is valid)",
    ),
}


# Each rule in words, for people (`重复`, `日期格式`); JSON reports keep the rule's code.
RULE_WORDS: dict[str, tuple[str, str]] = {
    "required": ("必填", "required"),
    "required_when": ("条件必填", "required when"),
    "type.date": ("日期格式", "date format"),
    "type.integer": ("整数格式", "whole number"),
    "type.decimal": ("数值格式", "number"),
    "enum": ("取值", "allowed values"),
    "id_format": ("编号格式", "id format"),
    "pattern": ("格式", "format"),
    "country": ("国家", "country"),
    "country.ambiguous": ("国家不明确", "ambiguous country"),
    "currency": ("币种", "currency"),
    "currency.ambiguous": ("币种不明确", "ambiguous currency"),
    "check.ror": ("ROR 校验位", "ROR checksum"),
    "check.orcid": ("ORCID 校验位", "ORCID check digit"),
    "range": ("取值范围", "range"),
    "max_length": ("长度", "length"),
    "date_order": ("日期先后", "date order"),
    "at_most": ("不得大于", "at most"),
    "unique": ("重复", "duplicate"),
    "unique_key": ("重复", "duplicate"),
    "unique_batch": ("批次内重复", "duplicate in batch"),
    "fk": ("引用", "reference"),
    "cycle": ("循环", "cycle"),
    "comprehensive_by_headquarters": ("宜由总部加入", "headquarters should join"),
    "duplicate_membership": ("重复会员", "duplicate membership"),
    "hq_country_missing": ("总部所在国为空", "no headquarters country"),
    "identity_changed": ("疑似编号重用", "likely a reused id"),
    "file.ragged_row": ("列数不符", "field count"),
    "file.unknown_column": ("未知列", "unknown column"),
}


def rule_word(rule: str, lang: str) -> str:
    """The rule in words (the code itself for a rule without words yet)."""
    zh, en = RULE_WORDS.get(rule, (rule, rule))
    return zh if lang == "zh" else en


def render(rule: str, lang: str, **fields: object) -> str:
    """The message for `rule` in `lang`, with the fields filled in (missing fields left blank)."""
    zh, en = MESSAGES.get(rule, (rule, rule))
    # Some fields come in both languages (a rule's condition, an enum's labels); pick ours.
    for name in [k[: -len(lang) - 1] for k in fields if k.endswith(f"_{lang}")]:
        if name not in fields or fields[name] in (None, ""):
            fields[name] = fields[f"{name}_{lang}"]
    template = zh if lang == "zh" else en

    class _Blank(dict[str, object]):
        def __missing__(self, key: str) -> str:
            return ""

    return template.format_map(_Blank({k: ("" if v is None else v) for k, v in fields.items()}))


MESSAGES.update(
    {
        "usage.no_paths": ("请给出要载入的文件或文件夹", "Give the files or folders to load"),
        "usage.kind": (
            "未知的记录类型“{value}”；可用：{allowed}",
            "Unknown record kind '{value}'; allowed: {allowed}",
        ),
        "usage.no_files": (
            "在 {path} 中没有找到 .csv 或 .xlsx 文件",
            "No .csv or .xlsx files found in {path}",
        ),
        "datadir.readonly": (
            "数据目录 {path} 不可写：{detail}。未做任何改动",
            "The data directory {path} is not writable: {detail}. Nothing was changed",
        ),
        "datadir.full": (
            "磁盘空间不足，无法写入 {path}：{detail}。未做任何改动",
            "No space left to write {path}: {detail}. Nothing was changed",
        ),
        "datadir.io": (
            "读写数据目录 {path} 时出错：{detail}。未做任何改动",
            "I/O error in the data directory {path}: {detail}. Nothing was changed",
        ),
        "datadir.corrupt": (
            "数据库文件 {path} 无法打开（{detail}）；可用 coop rebuild 从归档重建",
            "The warehouse {path} cannot be opened ({detail}); `coop rebuild` rebuilds it "
            "from the archive",
        ),
        "datadir.no_archive": (
            "归档目录 {path} 中没有可重建的批次",
            "The archive {path} holds no batches to rebuild from",
        ),
        "user.bad_name": (
            "用户名“{value}”无效：请使用 1–64 个文字、字母、数字或 . _ @ -",
            "Invalid user name '{value}': use 1–64 letters (Chinese too), digits or . _ @ -",
        ),
        "user.bad_role": (
            "未知角色“{value}”；可用：{allowed}",
            "Unknown role '{value}'; allowed: {allowed}",
        ),
        "user.weak_password": (
            "密码至少需要 {detail} 个字符",
            "The password needs at least {detail} characters",
        ),
        "user.unknown": ("没有用户“{value}”", "No user '{value}'"),
        "user.last_admin": (
            "不能删除最后一个管理员“{value}”",
            "Cannot remove '{value}', the last admin",
        ),
        "upload.too_large": (
            "文件“{value}”超过上传上限 {detail} MB，未做任何处理",
            "'{value}' is larger than the upload limit of {detail} MB; nothing was done",
        ),
        "meeting_rule.file": (
            "会议口径文件 {path} 有误：{detail}",
            "The meeting-rule file {path} is malformed: {detail}",
        ),
        "meeting_rule.unknown": (
            "没有会议口径“{value}”；可用：{allowed}",
            "No meeting rule '{value}'; available: {allowed}",
        ),
        "settings.file": (
            "设置文件 {path} 有误：{detail}",
            "The settings file {path} is malformed: {detail}",
        ),
        "settings.key": (
            "未知的设置项“{value}”；可用：{allowed}",
            "Unknown setting '{value}'; available: {allowed}",
        ),
        "lock.timeout": (
            "另一个载入任务正在进行，等待 {detail} 秒后仍未结束；请稍后重试",
            "Another load is running and did not finish within {detail} s; try again later",
        ),
        "user.store_broken": (
            "用户文件 {path} 无法读取（{detail}），在修复前任何人都不能登录。"
            "请从备份恢复该文件；或将其移走后运行 coop user bootstrap 重新创建第一个管理员",
            "The user file {path} cannot be read ({detail}); nobody can sign in until it is "
            "fixed. Restore it from a backup, or move it away and run `coop user bootstrap` "
            "to create a first admin again",
        ),
        "user.long_password": (
            "密码最长 {detail} 字节（UTF-8，一个汉字占 3 字节），此密码有 {value} 字节",
            "The password may be at most {detail} bytes long (UTF-8; a Chinese character "
            "takes 3); this one has {value}",
        ),
        "user.trivial_password": (
            "密码不能只由空白或同一个字符组成",
            "The password must not be only blanks or one character repeated",
        ),
        "user.common_password": (
            "这是最常见的密码之一，太容易被猜中；请换一个",
            "This is one of the commonest passwords and too easy to guess; choose another",
        ),
        "user.last_admin_role": (
            "不能更改最后一个管理员“{value}”的角色；请先添加另一个管理员",
            "Cannot change the role of '{value}', the last admin; add another admin first",
        ),
        "signin.secret": (
            "无法读取登录签名密钥 {path}（{detail}）。删除该文件即可生成新密钥（所有人需重新登录）",
            "Cannot read the sign-in signing secret {path} ({detail}). Delete the file to make "
            "a new one (everyone signs in again)",
        ),
    }
)

# Reading analysts' files: header below title rows, kind from the header, rows that are no
# records, and the limits and refusals of xlsx workbooks.
MESSAGES.update(
    {
        "file.kind_ambiguous": (
            "无法判断“{detail}”的记录类型：表头同样符合 {allowed}；请在文件名中写明类型，"
            "或使用 --kind 指定",
            "Cannot tell the record kind of '{detail}': its header fits {allowed} equally well; "
            "name the kind in the file name, or pass --kind",
        ),
        "file.no_header": (
            "前 {detail} 行中没有找到表头：{value} 文件的表头应包含 {allowed} 等列",
            "No header row found in the first {detail} rows: a {value} header names the columns "
            "{allowed}",
        ),
        "read.kind_from_header": (
            "按第 {row} 行的表头判断记录类型为 {value}（{zh}）",
            "Record kind taken from the header in row {row}: {value} ({zh})",
        ),
        "skip.title": (
            "表头上方的标题行（“{value}”），已跳过",
            "Title row above the header ('{value}'), skipped",
        ),
        "skip.total": (
            "合计行（“{value}”），已跳过，未载入",
            "Total row ('{value}'), skipped, not loaded",
        ),
        "skip.footer": (
            "表尾说明行（“{value}”），已跳过，未载入",
            "Footer row ('{value}'), skipped, not loaded",
        ),
        "file.formula_no_value": (
            "{letter} 列（{column}）的公式没有保存计算结果：请用 Excel 打开并保存该文件",
            "The formula in column {letter} ({column}) has no saved value: open and save the "
            "file in Excel",
        ),
        "file.xlsx_macros": (
            "Excel 文件含有宏（xl/vbaProject.bin），出于安全原因不予读取：请另存为不含宏的 .xlsx 工作簿",
            "The workbook contains macros (xl/vbaProject.bin) and is not read, for safety: save "
            "it as an .xlsx workbook without macros",
        ),
        "file.xlsx_external_links": (
            "Excel 文件含有指向其他文件的外部链接（xl/externalLinks/），不予读取：请断开链接"
            "（数据 → 编辑链接 → 断开链接）后保存",
            "The workbook links to other files (xl/externalLinks/) and is not read: break the "
            "links (Data → Edit Links → Break Link) and save it",
        ),
        "file.too_large.rows": (
            "工作表第 {value} 行仍有内容，超过读取上限 {allowed} 行，未读取",
            "The sheet has content in row {value}, beyond the limit of {allowed} rows; it was "
            "not read",
        ),
        "file.too_large.columns": (
            "工作表第 {value} 列有内容，超过读取上限 {allowed} 列，未读取",
            "The sheet has content in column {value}, beyond the limit of {allowed} columns; "
            "it was not read",
        ),
        "file.too_large.cells": (
            "工作表的单元格多于读取上限 {allowed} 个，未读取",
            "The sheet has more than {allowed} cells, the limit; it was not read",
        ),
        "file.too_large.bytes": (
            "Excel 文件解压后有 {value} 字节，超过上限 {allowed} 字节，未读取",
            "The workbook holds {value} bytes once uncompressed, over the limit of {allowed}; "
            "it was not read",
        ),
        "file.too_large.ratio": (
            "Excel 文件的压缩比为 {value}:1，超过上限 {allowed}:1（疑似压缩炸弹），未读取",
            "The workbook is compressed {value}:1, beyond the limit of {allowed}:1 (a zip "
            "bomb?); it was not read",
        ),
        # load semantics: replacements, withdrawals
        "identity_changed": (
            "编号“{value}”已有记录，而本行改变了它的{column}（{detail}）：这更像是重复使用了编号，"
            "而不是更正；若确为更正可照常载入，否则请为这条记录另起新编号",
            "Id '{value}' is already stored, and this row changes its {column} ({detail}): this "
            "looks like a reused id rather than a correction; load it if it is a correction, "
            "otherwise give this record a new id",
        ),
        "delete.bad_id": (
            "“{value}”不是{zh}记录的编号：应写作 {allowed}",
            "'{value}' is not an id of a {kind} record: write it as {allowed}",
        ),
        "delete.unknown_id": (
            "数据库中没有编号为“{value}”的{zh}记录",
            "The warehouse holds no {kind} record with id '{value}'",
        ),
        "delete.referenced": (
            "“{value}”仍被{ref_zh}记录“{ref}”（{via}）引用，不能删除：请先删除或修改该记录",
            "'{value}' is still referred to by {ref_kind} record '{ref}' ({via}); it cannot be "
            "deleted: delete or change that record first",
        ),
        "delete.withdrawn": (
            "已撤回记录“{value}”：{detail}",
            "Withdrew record '{value}': {detail}",
        ),
        "delete.no_ids": ("请给出要删除的记录编号", "Give the ids of the records to delete"),
        "delete.no_reason": (
            "请用 --reason 说明删除原因（记入载入记录）",
            "Say why with --reason (it is kept in the load history)",
        ),
        "usage.not_a_checkout": (
            "{path} 不是项目源码目录（没有 pyproject.toml）：coop expectations 只在源码中重新生成规则",
            "{path} is not the project's checkout (no pyproject.toml): coop expectations "
            "regenerates the suites in a checkout only",
        ),
        "report.no_warehouse": (
            "还没有数据库 {path}：请先用 coop load 载入数据（或 coop demo 生成演示数据）",
            "There is no warehouse {path} yet: load data with coop load (or coop demo) first",
        ),
        "report.no_data": (
            "{value}年没有任何数据；有数据的年份：{detail}",
            "There is no data for {value}; years with data: {detail}",
        ),
        "report.unknown_unit": (
            "没有单位“{value}”；可用的单位编号：{allowed}",
            "No unit '{value}'; unit ids: {allowed}",
        ),
        "report.no_font": (
            "找不到可显示中文的字体，无法生成 PDF：请安装 fonts-noto-cjk（sudo apt-get install "
            "fonts-noto-cjk），或将 {detail} 设为含中文字体（如 Noto Sans CJK SC）的文件夹；"
            "也可改用 --format docx",
            "No font that can write Chinese, so no PDF: install fonts-noto-cjk (sudo apt-get "
            "install fonts-noto-cjk), or set {detail} to a folder holding a CJK font (such as Noto "
            "Sans CJK SC); --format docx needs none",
        ),
        "report.format": (
            "无法从文件名“{value}”判断格式：请使用 .pdf 或 .docx，或用 --format 指定",
            "Cannot tell the format from '{value}': use .pdf or .docx, or pass --format",
        ),
        "report.out": (
            "无法写入报告 {path}：{detail}",
            "Cannot write the report to {path}: {detail}",
        ),
    }
)

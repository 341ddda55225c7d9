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
        "无法从文件名“{detail}”判断记录类型：文件名须包含且只包含一种类型名（{allowed}），或使用 --kind 指定",
        "Cannot tell the record kind from the file name '{detail}': the name must contain exactly "
        "one kind ({allowed}), or pass --kind",
    ),
    "file.xlsx": ("无法读取 Excel 文件：{detail}", "Cannot read the Excel file: {detail}"),
    "file.missing_column": (
        "缺少必填列“{column}”（{zh}）",
        "Required column '{column}' ({zh}) is missing",
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
    "required": ("“{column}”（{zh}）为必填项", "'{column}' ({zh}) is required"),
    "required_when": (
        "当 {condition} 时，“{column}”（{zh}）为必填项",
        "'{column}' ({zh}) is required when {condition}",
    ),
    "type.date": (
        "“{value}”不是可接受的日期：请使用 YYYY-MM-DD、YYYY/M/D、YYYY.M.D 或 YYYY年M月D日，"
        "年份在 1900–2100 之间（无结束日期请留空）",
        "'{value}' is not an accepted date: use YYYY-MM-DD, YYYY/M/D, YYYY.M.D or YYYY年M月D日, "
        "years 1900–2100 (leave an open end empty)",
    ),
    "type.integer": ("“{value}”不是整数", "'{value}' is not a whole number"),
    "type.decimal": ("“{value}”不是数值", "'{value}' is not a number"),
    "enum": (
        "“{value}”不是“{column}”（{zh}）的有效取值；可用：{allowed}",
        "'{value}' is not a valid '{column}' ({zh}); allowed: {allowed}",
    ),
    "id_format": (
        "编号“{value}”格式不对：须为 1–64 个字母、数字或 . _ -",
        "Id '{value}' is malformed: use 1–64 letters, digits or . _ -",
    ),
    "pattern": (
        "“{value}”不符合“{column}”的格式 {allowed}",
        "'{value}' does not match the format of '{column}': {allowed}",
    ),
    "country": (
        "“{value}”不是 ISO 3166-1 两位国家代码（如 CN、US、FR）",
        "'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. CN, US, FR)",
    ),
    "currency": (
        "“{value}”不是 ISO 4217 三位币种代码（如 CNY、USD、EUR）",
        "'{value}' is not an ISO 4217 currency code (e.g. CNY, USD, EUR)",
    ),
    "range": (
        "“{column}”（{zh}）的值 {value} 超出允许范围 {allowed}",
        "'{column}' ({zh}) value {value} is outside the allowed range {allowed}",
    ),
    "max_length": (
        "“{column}”（{zh}）内容过长（超过 {allowed} 个字符）",
        "'{column}' ({zh}) is too long (over {allowed} characters)",
    ),
    "date_order": (
        "“{column}”（{zh}）{value} 早于 {allowed}",
        "'{column}' ({zh}) {value} is earlier than {allowed}",
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
        "“{column}”（{zh}）引用的 {allowed}“{value}”不存在于数据库或本批次中",
        "'{column}' ({zh}) refers to {allowed} '{value}', which is neither in the warehouse "
        "nor in this batch",
    ),
    "cycle": (
        "单位上下级关系形成循环：{value}",
        "The unit hierarchy has a cycle: {value}",
    ),
    # soft rules
    "comprehensive_by_headquarters": (
        "综合性国际组织“{value}”的单位会员由下属单位持有；建议由院总部加入",
        "The institutional membership of comprehensive organization '{value}' is held by a "
        "sub-unit; the paper recommends the headquarters join comprehensive organizations",
    ),
    # batch level
    "batch.not_loaded": (
        "本批次中其他文件有错误，整批未载入（本文件本身无错误）",
        "Not loaded because another file in this batch has errors (this file itself is valid)",
    ),
}


def render(rule: str, lang: str, **fields: object) -> str:
    """The message for `rule` in `lang`, with the fields filled in (missing fields left blank)."""
    zh, en = MESSAGES.get(rule, (rule, rule))
    # Some fields come in both languages (a rule's condition); pick ours.
    if f"condition_{lang}" in fields and "condition" not in fields:
        fields["condition"] = fields[f"condition_{lang}"]
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
        "loader.unsupported": (
            "coop loader 仅支持 Linux；其他系统上 coop 命令照常独立运行",
            "coop loader needs Linux; elsewhere every coop command runs on its own as usual",
        ),
        "loader.socket_dir": (
            "无法在 {path} 使用 coop loader 的套接字：{detail}（可用 COOP_LOADER_SOCKET 指定位置）",
            "Cannot use {path} for the coop loader's socket: {detail} "
            "(COOP_LOADER_SOCKET sets another place)",
        ),
        "loader.running": (
            "已有一个 coop loader 在 {path} 上运行",
            "A coop loader is already running on {path}",
        ),
        "lock.timeout": (
            "另一个载入任务正在进行，等待 {detail} 秒后仍未结束；请稍后重试",
            "Another load is running and did not finish within {detail} s; try again later",
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

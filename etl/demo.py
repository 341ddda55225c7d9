"""The demo-data factory: a realistic academy, or a benchmark-sized one, in every record kind.

`generate()` builds one polars frame per record kind; `write_files()` writes them either as
the clean files a system would export (`plain`) or as what analysts really send (`analyst`:
Chinese headers and labels, mixed date spellings and encodings, an Excel workbook).

The shape of the records (kinds, columns, types, enum codes, Chinese headers and labels)
comes from `etl.schema`; this module only knows what the records mean. The patterns follow
the source paper: the academy mostly *attends* annual meetings, co-hosts few conferences,
holds few key posts, the headquarters joins the comprehensive organizations and the
sub-units the specialized ones, and "cloud" conferences appear from 2020.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal

import polars as pl

from etl import clock
from etl.schema import KIND_ORDER, KINDS, Column, Kind, header_aliases, kind_for_name

__all__ = ["CATALOG_PATH", "FACT_KINDS", "generate", "load_catalog", "write_files"]

CATALOG_PATH: Traversable = resources.files("etl") / "catalog" / "organizations.csv"

# The kinds whose rows are "facts" (what `fact_rows` counts); the rest are dimensions/plans.
FACT_KINDS: tuple[str, ...] = ("conferences", "memberships", "posts", "offices")

Style = Literal["plain", "analyst"]

_POLARS_TYPES: dict[str, Any] = {
    "id": pl.String,
    "text": pl.String,
    "enum": pl.String,
    "date": pl.Date,
    "integer": pl.Int64,
    "decimal": pl.Float64,
    "country": pl.String,
    "currency": pl.String,
}


def _code(kind: str, column: str, code: str) -> str:
    """An enum code this module relies on, checked against the schema at import time."""
    if code not in KINDS[kind].column(column).codes:
        raise ValueError(f"{kind}.{column} has no code {code!r}; update etl/demo.py")
    return code


COMPREHENSIVE = _code("organizations", "scope", "comprehensive")
SPECIALIZED = _code("organizations", "scope", "specialized")
INSTITUTIONAL = _code("memberships", "member_type", "institutional")
INDIVIDUAL = _code("memberships", "member_type", "individual")
M_INTENDED = _code("memberships", "status", "intended")
M_APPLYING = _code("memberships", "status", "applying")
M_ACTIVE = _code("memberships", "status", "active")
M_LAPSED = _code("memberships", "status", "lapsed")
M_WITHDRAWN = _code("memberships", "status", "withdrawn")
ATTENDED = _code("conferences", "role", "attended")
CO_HOSTED = _code("conferences", "role", "co_hosted")
HOSTED = _code("conferences", "role", "hosted")
IN_PERSON = _code("conferences", "format", "in_person")
ONLINE = _code("conferences", "format", "online")
HYBRID = _code("conferences", "format", "hybrid")
LEADER = _code("posts", "level", "leader")
COUNCIL = _code("posts", "level", "council")
COMMITTEE = _code("posts", "level", "committee")
OTHER = _code("posts", "level", "other")
OT_HEADQUARTERS = _code("offices", "office_type", "headquarters")
OT_BRANCH = _code("offices", "office_type", "branch")
OT_REGIONAL = _code("offices", "office_type", "regional_office")
OT_SECRETARIAT = _code("offices", "office_type", "secretariat")
OT_REPRESENTATIVE = _code("offices", "office_type", "representative_office")
NEGOTIATING = _code("offices", "status", "negotiating")
APPROVED = _code("offices", "status", "approved")
ESTABLISHED = _code("offices", "status", "established")
CLOSED = _code("offices", "status", "closed")
SG_INSTITUTIONAL = _code("safeguards", "category", "institutional")
SG_FUNDING = _code("safeguards", "category", "funding")
SG_PERSONNEL = _code("safeguards", "category", "personnel")
SG_INFORMATION = _code("safeguards", "category", "information")
SG_SERVICES = _code("safeguards", "category", "services")
PLANNED = _code("safeguards", "status", "planned")
IN_PROGRESS = _code("safeguards", "status", "in_progress")
DONE = _code("safeguards", "status", "done")
I_MEMBERSHIPS_ACTIVE = _code("targets", "indicator", "memberships_active")
I_CONF_ATTENDED = _code("targets", "indicator", "conferences_attended")
I_CONF_COHOSTED = _code("targets", "indicator", "conferences_cohosted")
I_CONF_ONLINE = _code("targets", "indicator", "conferences_online")
I_POSTS_HELD = _code("targets", "indicator", "posts_held")
I_POSTS_LEADER = _code("targets", "indicator", "posts_leader")
I_OFFICES = _code("targets", "indicator", "offices_established")
I_ORGS_ENGAGED = _code("targets", "indicator", "orgs_engaged")

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

ACADEMY_ID = "JNAS"
ACADEMY_ZH = "江南省科学院"
ACADEMY_EN = "Jiangnan Academy of Sciences"
HOME_CITY = "南京"
MULTI = "多学科"  # the catalog's field for comprehensive organizations


@dataclass(frozen=True)
class _Template:
    code: str
    name_zh: str
    name_en: str
    fields: tuple[str, ...]
    lab_zh: str
    lab_en: str
    city: str


_INSTITUTES: tuple[_Template, ...] = (
    _Template("CHEM", "化学研究所", "Institute of Chemistry", ("化学",),
              "绿色催化重点实验室", "Key Laboratory of Green Catalysis", "南京"),
    _Template("PHYS", "应用物理研究所", "Institute of Applied Physics", ("物理学",),
              "量子材料重点实验室", "Key Laboratory of Quantum Materials", "南京"),
    _Template("MATH", "数学与系统科学研究所", "Institute of Mathematics and Systems Science",
              ("数学", "数据科学"), "复杂系统重点实验室", "Key Laboratory of Complex Systems", "南京"),
    _Template("INFO", "信息技术研究所", "Institute of Information Technology",
              ("信息与通信", "数据科学"), "智能感知重点实验室",
              "Key Laboratory of Intelligent Sensing", "苏州"),
    _Template("AUTO", "自动化研究所", "Institute of Automation", ("自动化与控制", "信息与通信"),
              "机器人与智能装备重点实验室", "Key Laboratory of Robotics", "无锡"),
    _Template("BIO", "生物技术研究所", "Institute of Biotechnology", ("生物学",),
              "合成生物学重点实验室", "Key Laboratory of Synthetic Biology", "南京"),
    _Template("FOOD", "食品科学研究所", "Institute of Food Science", ("食品科学", "农业"),
              "食品安全检测重点实验室", "Key Laboratory of Food Safety Testing", "无锡"),
    _Template("AGRI", "农业与园艺研究所", "Institute of Agriculture and Horticulture", ("农业",),
              "设施园艺重点实验室", "Key Laboratory of Protected Horticulture", "扬州"),
    _Template("GEOG", "地理科学研究所", "Institute of Geographical Sciences",
              ("地理学", "测绘与遥感"), "区域可持续发展重点实验室",
              "Key Laboratory of Regional Sustainable Development", "南京"),
    _Template("SPACE", "空间信息研究所", "Institute of Space Information",
              ("测绘与遥感", "天文与空间"), "对地观测重点实验室",
              "Key Laboratory of Earth Observation", "南京"),
    _Template("WATER", "水利与水环境研究所", "Institute of Water Resources and Environment",
              ("水科学",), "流域水环境重点实验室", "Key Laboratory of Basin Water Environment",
              "常州"),
    _Template("ENERGY", "能源研究所", "Institute of Energy", ("能源",),
              "氢能与储能重点实验室", "Key Laboratory of Hydrogen and Energy Storage", "苏州"),
    _Template("ECO", "生态环境研究所", "Institute of Ecology and Environment",
              ("林业与生态", "气象与气候"), "湿地生态重点实验室",
              "Key Laboratory of Wetland Ecology", "南京"),
    _Template("GEOPH", "地球物理与岩土工程研究所", "Institute of Geophysics and Geotechnics",
              ("地球物理与岩土",), "地质灾害防治重点实验室",
              "Key Laboratory of Geohazard Prevention", "镇江"),
    _Template("OCEAN", "海洋与极地研究所", "Institute of Oceanic and Polar Research",
              ("海洋与极地", "气象与气候"), "近海观测重点实验室",
              "Key Laboratory of Coastal Observation", "南通"),
    _Template("METRO", "标准与计量研究所", "Institute of Standards and Metrology",
              ("标准与计量",), "光学计量重点实验室", "Key Laboratory of Optical Metrology", "南京"),
    _Template("ASTRO", "天文与空间科学研究所", "Institute of Astronomy and Space Science",
              ("天文与空间",), "射电天文重点实验室", "Key Laboratory of Radio Astronomy", "南京"),
    _Template("ENG", "工程技术研究院", "Institute of Engineering Technology",
              ("工程", "自动化与控制"), "智能建造重点实验室",
              "Key Laboratory of Intelligent Construction", "常州"),
)  # fmt: skip

# Always present in the default academy: the soft-rule deviation and the offices rely on them.
_CORE_INSTITUTES = ("CHEM", "GEOG", "WATER", "MATH", "AUTO")

# Cities of the branch academies in the benchmark-sized data set (zh, ASCII code for ids).
_BRANCH_CITIES: tuple[tuple[str, str, str], ...] = (
    ("苏州", "SZ", "Suzhou"), ("无锡", "WX", "Wuxi"), ("常州", "CZ", "Changzhou"),
    ("南通", "NT", "Nantong"), ("扬州", "YZ", "Yangzhou"), ("镇江", "ZJ", "Zhenjiang"),
    ("泰州", "TZ", "Taizhou"), ("盐城", "YC", "Yancheng"), ("淮安", "HA", "Huai'an"),
    ("徐州", "XZ", "Xuzhou"), ("连云港", "LYG", "Lianyungang"), ("宿迁", "SQ", "Suqian"),
    ("湖州", "HUZ", "Huzhou"), ("嘉兴", "JX", "Jiaxing"), ("绍兴", "SX", "Shaoxing"),
    ("宁波", "NB", "Ningbo"), ("温州", "WZ", "Wenzhou"), ("金华", "JH", "Jinhua"),
    ("舟山", "ZS", "Zhoushan"), ("芜湖", "WH", "Wuhu"), ("马鞍山", "MAS", "Ma'anshan"),
    ("安庆", "AQ", "Anqing"), ("黄山", "HS", "Huangshan"), ("宣城", "XC", "Xuancheng"),
    ("铜陵", "TL", "Tongling"), ("滁州", "CUZ", "Chuzhou"), ("衢州", "QZ", "Quzhou"),
    ("丽水", "LS", "Lishui"), ("池州", "CHZ", "Chizhou"), ("台州", "TAZ", "Taizhou (Zhejiang)"),
)  # fmt: skip

# Conference topics (and committee names in post titles) per catalog field.
_TOPICS: dict[str, tuple[str, ...]] = {
    MULTI: ("科学与可持续发展", "科技创新政策", "科学外交", "开放科学", "科学促进发展"),
    "工程": ("工程能力建设", "工程教育", "可持续工程", "智能建造"),
    "化学": ("绿色化学", "催化科学", "化学命名与术语", "分析化学", "高分子化学"),
    "物理学": ("凝聚态物理", "量子信息", "粒子物理", "晶体学", "理论物理"),
    "数学": ("应用数学", "计算数学", "数学教育"),
    "数据科学": ("科学数据", "数据治理", "数据共享"),
    "信息与通信": ("人工智能", "无线通信", "信息安全", "物联网", "无线电科学"),
    "自动化与控制": ("智能控制", "机器人", "工业自动化", "控制理论"),
    "天文与空间": ("天文观测", "空间科学", "航天技术", "射电天文"),
    "生物学": ("合成生物学", "分子生物学", "生物多样性", "生物技术"),
    "地理学": ("城市地理", "地图制图", "区域发展", "地理信息科学"),
    "测绘与遥感": ("遥感", "摄影测量", "地球观测", "精密测量"),
    "地球物理与岩土": ("地球物理", "岩石力学", "岩土工程", "防灾减灾"),
    "食品科学": ("食品安全", "食品营养", "食品加工"),
    "农业": ("水稻育种", "园艺科学", "智慧农业"),
    "水科学": ("水环境", "水资源管理", "水利工程", "城市水系统", "灌溉排水"),
    "能源": ("可再生能源", "核能安全", "能源转型", "氢能"),
    "林业与生态": ("生态保护", "森林生态", "竹藤资源", "山地生态"),
    "气象与气候": ("气候变化", "天气预报", "全球变化"),
    "海洋与极地": ("海洋科学", "极地研究", "海洋观测"),
    "标准与计量": ("国际标准化", "计量科学", "照明与光学", "电工标准"),
}

_FIELDS: tuple[str, ...] = tuple(_TOPICS)
_FIELD_IDS: dict[str, int] = {f: i for i, f in enumerate(_FIELDS)}

# English/Chinese topics for generated (benchmark-only) organizations, by catalog field.
_GEN_TOPICS: tuple[tuple[str, str, str], ...] = (
    ("化学", "Green Chemistry", "绿色化学"), ("化学", "Catalysis", "催化"),
    ("化学", "Polymer Science", "高分子科学"), ("化学", "Electrochemistry", "电化学"),
    ("物理学", "Quantum Technologies", "量子技术"), ("物理学", "Optics and Photonics", "光学与光子学"),
    ("物理学", "Plasma Physics", "等离子体物理"), ("物理学", "Materials Physics", "材料物理"),
    ("数学", "Applied Mathematics", "应用数学"), ("数学", "Computational Mathematics", "计算数学"),
    ("数据科学", "Research Data", "科研数据"), ("数据科学", "Open Science", "开放科学"),
    ("信息与通信", "Artificial Intelligence", "人工智能"), ("信息与通信", "Information Security", "信息安全"),
    ("信息与通信", "Wireless Communications", "无线通信"), ("信息与通信", "Internet of Things", "物联网"),
    ("自动化与控制", "Robotics", "机器人"), ("自动化与控制", "Intelligent Control", "智能控制"),
    ("自动化与控制", "Industrial Automation", "工业自动化"),
    ("天文与空间", "Space Science", "空间科学"), ("天文与空间", "Radio Astronomy", "射电天文"),
    ("天文与空间", "Satellite Navigation", "卫星导航"),
    ("生物学", "Synthetic Biology", "合成生物学"), ("生物学", "Molecular Biology", "分子生物学"),
    ("生物学", "Bioinformatics", "生物信息学"), ("生物学", "Biodiversity", "生物多样性"),
    ("地理学", "Urban Geography", "城市地理"), ("地理学", "Geographic Information Science", "地理信息科学"),
    ("测绘与遥感", "Remote Sensing", "遥感"), ("测绘与遥感", "Geodesy", "大地测量"),
    ("测绘与遥感", "Earth Observation", "对地观测"),
    ("地球物理与岩土", "Geotechnical Engineering", "岩土工程"), ("地球物理与岩土", "Seismology", "地震学"),
    ("地球物理与岩土", "Geohazards", "地质灾害"),
    ("食品科学", "Food Safety", "食品安全"), ("食品科学", "Food Engineering", "食品工程"),
    ("农业", "Crop Science", "作物科学"), ("农业", "Precision Agriculture", "精准农业"),
    ("农业", "Soil Science", "土壤科学"),
    ("水科学", "Water Resources", "水资源"), ("水科学", "Hydrology", "水文学"),
    ("水科学", "Wastewater Treatment", "污水处理"), ("水科学", "Coastal Engineering", "海岸工程"),
    ("能源", "Renewable Energy", "可再生能源"), ("能源", "Hydrogen Energy", "氢能"),
    ("能源", "Energy Storage", "储能"), ("能源", "Solar Energy", "太阳能"),
    ("林业与生态", "Ecological Restoration", "生态修复"), ("林业与生态", "Wetland Science", "湿地科学"),
    ("林业与生态", "Forest Ecology", "森林生态"),
    ("气象与气候", "Climate Change", "气候变化"), ("气象与气候", "Atmospheric Science", "大气科学"),
    ("海洋与极地", "Marine Science", "海洋科学"), ("海洋与极地", "Polar Research", "极地研究"),
    ("标准与计量", "Metrology", "计量"), ("标准与计量", "Standardization", "标准化"),
    ("工程", "Engineering Education", "工程教育"), ("工程", "Sustainable Infrastructure", "可持续基础设施"),
    ("工程", "Smart Cities", "智慧城市"), ("工程", "Structural Engineering", "结构工程"),
)  # fmt: skip

_GEN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("International Society for {}", "国际{}学会"),
    ("International Association of {}", "国际{}协会"),
    ("World Federation of {} Societies", "世界{}学会联合会"),
    ("Asia-Pacific Society for {}", "亚太{}学会"),
    ("International Union of {}", "国际{}联合会"),
    ("International Commission on {}", "国际{}委员会"),
    ("Global Alliance for {}", "全球{}联盟"),
    ("International Network for {}", "国际{}网络"),
    ("International Council for {}", "国际{}理事会"),
    ("Asian Federation of {}", "亚洲{}联合会"),
    ("European Society for {}", "欧洲{}学会"),
    ("International Academy of {}", "国际{}科学院"),
)
_GEN_HQ = ("US", "GB", "FR", "DE", "CH", "NL", "BE", "AT", "IT", "JP", "SG", "AU", "CA", "SE",
           "DK", "KR", "CN", "ES", "FI", "NO")  # fmt: skip

# Venues of in-person meetings abroad and in China (city, ISO country).
_VENUES: tuple[tuple[str, str], ...] = (
    ("巴黎", "FR"), ("里昂", "FR"), ("日内瓦", "CH"), ("苏黎世", "CH"), ("维也纳", "AT"),
    ("柏林", "DE"), ("慕尼黑", "DE"), ("汉堡", "DE"), ("伦敦", "GB"), ("爱丁堡", "GB"),
    ("阿姆斯特丹", "NL"), ("布鲁塞尔", "BE"), ("哥本哈根", "DK"), ("斯德哥尔摩", "SE"),
    ("赫尔辛基", "FI"), ("奥斯陆", "NO"), ("罗马", "IT"), ("的里雅斯特", "IT"), ("米兰", "IT"),
    ("马德里", "ES"), ("巴塞罗那", "ES"), ("里斯本", "PT"), ("布拉格", "CZ"), ("华沙", "PL"),
    ("布达佩斯", "HU"), ("伊斯坦布尔", "TR"), ("都柏林", "IE"), ("华盛顿", "US"), ("纽约", "US"),
    ("旧金山", "US"), ("波士顿", "US"), ("芝加哥", "US"), ("檀香山", "US"), ("多伦多", "CA"),
    ("温哥华", "CA"), ("蒙特利尔", "CA"), ("墨西哥城", "MX"), ("圣保罗", "BR"),
    ("里约热内卢", "BR"), ("布宜诺斯艾利斯", "AR"), ("圣地亚哥", "CL"), ("开普敦", "ZA"),
    ("内罗毕", "KE"), ("开罗", "EG"), ("迪拜", "AE"), ("阿布扎比", "AE"), ("新德里", "IN"),
    ("海得拉巴", "IN"), ("加德满都", "NP"), ("曼谷", "TH"), ("新加坡", "SG"), ("吉隆坡", "MY"),
    ("雅加达", "ID"), ("马尼拉", "PH"), ("河内", "VN"), ("首尔", "KR"), ("釜山", "KR"),
    ("东京", "JP"), ("京都", "JP"), ("神户", "JP"), ("悉尼", "AU"), ("墨尔本", "AU"),
    ("布里斯班", "AU"), ("奥克兰", "NZ"), ("阿斯塔纳", "KZ"), ("塔什干", "UZ"),
)  # fmt: skip
_CN_VENUES: tuple[str, ...] = ("北京", "上海", "广州", "深圳", "成都", "武汉", "西安", "杭州",
                               "南京", "苏州", "青岛", "厦门", "昆明", "合肥")  # fmt: skip

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚华建国志文海红玉兰晨宇浩然思雨欣怡嘉博子轩涵睿哲"
    "昊天晓东雪婷琳鹏飞斌峰辉波宁俊凯鑫颖倩阳鸣振宏健亮松林毅清源卫新春秋燕薇瑶悦蕾梅荣丹慧佳立"
    "彬亚楠琪雅蕊翔帆航远岩"
)

_POSITIONS: dict[str, tuple[str, ...]] = {
    LEADER: ("副主席", "副主席", "主席", "执行主席", "秘书长"),
    COUNCIL: ("理事", "理事", "执行理事", "执行委员会委员", "常务理事"),
    COMMITTEE: ("{}专业委员会委员", "{}技术委员会委员", "{}工作组召集人", "{}工作组成员",
                "{}学术委员会委员"),
    OTHER: ("会刊编委", "会刊副主编", "国家代表", "奖项评审专家", "青年科学家代表"),
}  # fmt: skip

# Who can join whom (real-world knowledge about catalog organizations, by acronym):
# intergovernmental bodies, centres and foundations take no academy members at all ...
_STATES_ONLY = frozenset(
    [
        "UNESCO",
        "ITU",
        "WMO",
        "IAEA",
        "CERN",
        "IEA",
        "IRENA",
        "ICGEB",
        "ICIMOD",
        "INBAR",
        "GEO",
        "ISTIC",
        "IRRI",
        "ICTP",
        "IFS",
    ]
)
# ... academies of elected individuals take no institutions ...
_FELLOWS_ONLY = frozenset(["TWAS", "AE", "WAAS", "WFS"])
# ... and these societies have personal members besides (or instead of) national ones.
_PERSONAL_MEMBERS = _FELLOWS_ONLY | frozenset(["IEEE", "IWA", "IAHR", "ISRM", "ISSMGE", "ISHS"])

# What an organization's membership dues are billed in, by its headquarters country.
_EURO = frozenset(["AT", "BE", "CZ", "DE", "ES", "FI", "FR", "IE", "IT", "NL", "PT"])
_FEE_CURRENCY = {"CH": "CHF", "GB": "GBP", "JP": "JPY", "CN": "CNY"}
_PER_USD = {"USD": 1.0, "EUR": 0.92, "CHF": 0.88, "GBP": 0.79, "JPY": 150.0, "CNY": 7.2}

# One-off academy-wide measures: (category, title, years after the first data year).
_MEASURES: tuple[tuple[str, str, int], ...] = (
    (SG_INSTITUTIONAL, "制定《江南省科学院参与国际科技组织工作管理办法》", 1),
    (SG_FUNDING, "设立国际组织会费专项资金", 2),
    (SG_INSTITUTIONAL, "将国际组织任职和国际会议承办纳入科研人员绩效考核", 3),
    (SG_INFORMATION, "建立拟加入国际组织意向清单及动态更新机制", 4),
    (SG_PERSONNEL, "建立国际组织任职后备人才库", 5),
    (SG_INSTITUTIONAL, "建立国际组织任职人员年度述职制度", 5),
    (SG_INFORMATION, "建设国际科技合作一体化数据平台（一期）", 6),
    (SG_FUNDING, "设立国际组织落户启动与运行补助", 7),
    (SG_INSTITUTIONAL, "出台《国际会议承办与联合举办支持办法》", 7),
    (SG_PERSONNEL, "推荐青年科技人员赴国际组织实习任职", 8),
    (SG_INFORMATION, "与省科协共享国际组织任职与会议信息", 8),
    (SG_INFORMATION, "建设国际科技合作一体化数据平台（二期）", 9),
    (SG_INSTITUTIONAL, "制定全院参与国际科技组织中长期发展规划", 10),
    (SG_SERVICES, "开通外事审批“一站式”线上服务", 11),
)
# Yearly measures: (category, title template, first offset, CNY amount range, people range).
_YEARLY: tuple[tuple[str, str, int, tuple[int, int] | None, tuple[int, int] | None], ...] = (
    (SG_FUNDING, "{}年度国际会议承办配套经费", 2, (500_000, 3_000_000), None),
    (SG_SERVICES, "{}年度因公出国（境）行前培训", 0, None, (40, 160)),
    (SG_SERVICES, "{}年度国际组织任职能力培训班", 5, (80_000, 200_000), (20, 60)),
    (SG_PERSONNEL, "{}年度青年科学家国际任职资助计划", 6, (300_000, 1_200_000), (5, 20)),
)
# Measures a sub-unit takes for itself ("{}" = the unit's name).
_UNIT_MEASURES: tuple[tuple[str, str], ...] = (
    (SG_INFORMATION, "{}设立国际组织信息联络员"),
    (SG_FUNDING, "{}国际会议参会专项经费"),
    (SG_SERVICES, "{}外事服务窗口建设"),
    (SG_PERSONNEL, "{}国际任职人才培养计划"),
)

# ---------------------------------------------------------------------------------------------
# Internal model
# ---------------------------------------------------------------------------------------------


@dataclass
class _Org:
    org_id: str
    name_zh: str
    acronym: str | None
    scope: str
    field: str
    hq_country: str
    row: dict[str, Any]
    institutions_join: bool  # an academy or institute can be a member
    persons_join: bool  # a scientist can be a member in person


@dataclass(frozen=True)
class _Person:
    name: str
    person_id: str | None


@dataclass
class _Unit:
    unit_id: str
    name_zh: str
    name_en: str | None
    parent_id: str | None
    fields: tuple[str, ...]
    city: str
    weight: float
    level: Literal["hq", "branch", "institute", "lab"]
    orgs: list[int] = field(default_factory=list)
    staff: list[_Person] = field(default_factory=list)


@dataclass
class _Ctx:
    rng: random.Random
    today: dt.date
    years: list[int]
    units: list[_Unit]
    orgs: list[_Org]
    scale: bool

    @property
    def start_year(self) -> int:
        return self.years[0]

    @property
    def hq(self) -> _Unit:
        return self.units[0]


@dataclass(frozen=True)
class _Plan:
    conferences: int
    posts: int
    memberships: int | None  # None = what the default academy naturally has
    offices: int | None
    units: int | None


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def load_catalog(path: Path | None = None) -> list[dict[str, Any]]:
    """The real organizations in `catalog/organizations.csv`, typed as the schema says."""
    kind = KINDS["organizations"]
    source = path or CATALOG_PATH
    with source.open("rb") as fh:  # csv reads text opened with newline=""
        reader = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", newline=""))
        if tuple(reader.fieldnames or ()) != kind.column_names:
            raise ValueError(f"{source}: header must be {kind.column_names}")
        rows = [{c.name: _typed(c, raw[c.name]) for c in kind.columns} for raw in reader]
    return rows


def generate(
    seed: int = 20240601,
    *,
    fact_rows: int | None = None,
    today: dt.date | None = None,
) -> dict[str, pl.DataFrame]:
    """One frame per record kind (in `KIND_ORDER`), with exactly the kind's columns.

    Default: one realistic academy (a headquarters and 8–15 sub-units) over the last twelve
    years. `fact_rows=N`: about N conferences + memberships + posts + offices in all, with
    branch academies and generated organizations added so the volume stays plausible.
    The same seed and `today` give identical frames.
    """
    if fact_rows is not None and fact_rows < 500:
        raise ValueError("fact_rows must be at least 500 (or None for the default academy)")
    today = today or clock.today()
    rng = random.Random(seed)
    years = list(range(today.year - 11, today.year + 1))
    catalog = load_catalog()
    if fact_rows is None:
        plan = _Plan(
            conferences=rng.randint(2300, 2700),
            posts=rng.randint(200, 260),
            memberships=None,
            offices=None,
            units=None,
        )
    else:
        # Proportions of the default academy: conferences are the bulk, offices a handful.
        n_posts = round(fact_rows * 0.08)
        n_memberships = round(fact_rows * 0.058)
        n_offices = max(7, round(fact_rows * 0.002))
        plan = _Plan(
            conferences=fact_rows - n_posts - n_memberships - n_offices,
            posts=n_posts,
            memberships=n_memberships,
            offices=n_offices,
            units=max(20, min(5000, fact_rows // 1500)),
        )

    orgs = _build_orgs(rng, catalog, fact_rows)
    units = _build_units(rng, plan)
    ctx = _Ctx(
        rng=rng, today=today, years=years, units=units, orgs=orgs, scale=fact_rows is not None
    )
    _relate(ctx)
    _hire_staff(ctx, plan.posts)

    frames: dict[str, pl.DataFrame] = {}
    frames["units"] = _frame("units", _units_columns(ctx))
    frames["organizations"] = _frame("organizations", _orgs_columns(ctx))
    memberships = _memberships(ctx, plan.memberships)
    frames["conferences"], conf_stats = _conferences(ctx, plan.conferences)
    posts = _posts(ctx, plan.posts)
    offices = _offices(ctx, plan.offices)
    safeguards = _safeguards(ctx)
    targets = _targets(ctx, memberships, conf_stats, posts, offices)
    frames["memberships"] = _frame("memberships", memberships)
    frames["posts"] = _frame("posts", posts)
    frames["offices"] = _frame("offices", offices)
    frames["safeguards"] = _frame("safeguards", safeguards)
    frames["targets"] = _frame("targets", targets)
    return {kind: frames[kind] for kind in KIND_ORDER}


def write_files(
    frames: dict[str, pl.DataFrame], out_dir: str | Path, *, style: Style = "plain"
) -> list[Path]:
    """Write the frames as files the loader accepts; returns the paths in `KIND_ORDER`.

    `plain`: `<kind>.csv`, UTF-8, canonical headers, ISO dates, enum codes.
    `analyst`: the same records as analysts send them — Chinese headers and labels (and the
    alternative labels), every allowed date spelling, GB18030 and UTF-8-with-BOM files, dated
    file names, and the posts as an Excel workbook with real date cells.
    """
    if style not in ("plain", "analyst"):
        raise ValueError(f"unknown style {style!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    stamp = _stamp(frames)
    for name in KIND_ORDER:
        if name not in frames:
            continue
        kind = KINDS[name]
        frame = frames[name]
        if tuple(frame.columns) != kind.column_names:
            raise ValueError(f"{name}: columns must be {kind.column_names}")
        if style == "plain":
            path = out / f"{name}.csv"
            frame.write_csv(path)
        else:
            filename, encoding = _analyst_name(kind, stamp)
            path = out / filename
            if kind_for_name(path.stem) is not kind:
                raise AssertionError(f"{filename} would not be recognised as {name}")
            if path.suffix == ".xlsx":
                _write_analyst_xlsx(kind, frame, path)
            else:
                _write_analyst_csv(kind, frame, path, encoding)
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------------------------
# Units, organizations, people
# ---------------------------------------------------------------------------------------------


def _build_orgs(
    rng: random.Random, catalog: list[dict[str, Any]], fact_rows: int | None
) -> list[_Org]:
    orgs = [_org_from_row(row) for row in catalog]
    if fact_rows is None:
        return orgs
    wanted = max(len(orgs), min(3000, fact_rows // 1500))
    taken = {o.row["name_en"] for o in orgs}
    combos = [(p, t) for t in _GEN_TOPICS for p in _GEN_PATTERNS]
    rng.shuffle(combos)
    qualifiers = ("", " (Asia-Pacific)", " (Europe)", " (Americas)", " (Africa)")
    zh_qualifiers = ("", "（亚太）", "（欧洲）", "（美洲）", "（非洲）")
    n = 0
    while len(orgs) < wanted:
        (en_fmt, zh_fmt), (fld, en_topic, zh_topic) = combos[n % len(combos)]
        round_ = n // len(combos)
        q = round_ % len(qualifiers)
        suffix = f" {round_ // len(qualifiers) + 1}" if round_ >= len(qualifiers) else ""
        n += 1
        name_en = en_fmt.format(en_topic) + qualifiers[q] + suffix
        if name_en in taken:
            continue
        taken.add(name_en)
        acronym = "".join(w[0] for w in name_en.split() if w[0].isupper() and w.isalpha())
        row: dict[str, Any] = {
            "org_id": f"GX{len(orgs):04d}",
            "name_en": name_en,
            "name_zh": zh_fmt.format(zh_topic) + zh_qualifiers[q] + suffix.strip(),
            "acronym": acronym or None,
            "scope": SPECIALIZED,
            "field": fld,
            "hq_country": rng.choice(_GEN_HQ),
            "ror_id": None,
            "founded_year": rng.randint(1920, 2018),
        }
        orgs.append(_org_from_row(row))
    return orgs


def _org_from_row(row: dict[str, Any]) -> _Org:
    acronym = row["acronym"] or ""
    generated = row["org_id"].startswith("GX")
    return _Org(
        org_id=row["org_id"],
        name_zh=row["name_zh"] or row["name_en"],
        acronym=row["acronym"],
        scope=row["scope"],
        field=row["field"] or MULTI,
        hq_country=row["hq_country"],
        row=row,
        institutions_join=acronym not in _STATES_ONLY | _FELLOWS_ONLY,
        persons_join=acronym in _PERSONAL_MEMBERS
        or (generated and any(w in row["name_en"] for w in ("Society", "Association", "Academy"))),
    )


def _build_units(rng: random.Random, plan: _Plan) -> list[_Unit]:
    hq = _Unit(ACADEMY_ID, ACADEMY_ZH, ACADEMY_EN, None, (MULTI,), HOME_CITY, 0.7, "hq")
    units = [hq]
    if plan.units is None:
        # 8–15 sub-units: the core institutes, a sample of the others, one or two key labs.
        core = [t for t in _INSTITUTES if t.code in _CORE_INSTITUTES]
        rest = [t for t in _INSTITUTES if t.code not in _CORE_INSTITUTES]
        chosen = core + rng.sample(rest, rng.randint(4, 7))
        chosen.sort(key=_INSTITUTES.index)
        institutes = [_institute(t, hq, rng.uniform(0.6, 1.6)) for t in chosen]
        units += institutes
        for parent, template in rng.sample(
            list(zip(institutes, chosen, strict=True)), rng.randint(1, 2)
        ):
            units.append(_lab(template, parent, rng.uniform(0.2, 0.45)))
        units[1:] = sorted(units[1:], key=lambda u: u.unit_id)
        return units
    # Benchmark scale: the provincial institutes, then branch academies in other cities, each
    # with its own institutes and labs, until the wanted number of units is reached.
    for t in _INSTITUTES:
        inst = _institute(t, hq, rng.uniform(0.6, 1.6))
        units.append(inst)
        units.append(_lab(t, inst, rng.uniform(0.2, 0.45)))
    b = 0
    while len(units) < plan.units:
        city, code, city_en = _BRANCH_CITIES[b % len(_BRANCH_CITIES)]
        if b >= len(_BRANCH_CITIES):
            code, city = (
                f"{code}{b // len(_BRANCH_CITIES) + 1}",
                f"{city}第{b // len(_BRANCH_CITIES) + 1}",
            )
        b += 1
        branch = _Unit(
            f"{ACADEMY_ID}-{code}",
            f"{ACADEMY_ZH}{city}分院",
            f"{city_en} Branch, {ACADEMY_EN}",
            hq.unit_id,
            tuple(rng.sample(sorted(_TOPICS.keys() - {MULTI}), 2)),
            city,
            0.3,
            "branch",
        )
        units.append(branch)
        for t in rng.sample(_INSTITUTES, rng.randint(6, 12)):
            inst = _Unit(
                f"{branch.unit_id}-{t.code}",
                f"{city}{t.name_zh}",
                f"{city_en} {t.name_en}",
                branch.unit_id,
                t.fields,
                city,
                rng.uniform(0.5, 1.4),
                "institute",
            )
            units.append(inst)
            for k in range(rng.choice((0, 1, 1, 2))):
                topic = _TOPICS[t.fields[0]][k % len(_TOPICS[t.fields[0]])]
                units.append(
                    _Unit(
                        f"{inst.unit_id}-L{k + 1}",
                        f"{inst.name_zh}{topic}实验室",
                        None,
                        inst.unit_id,
                        t.fields,
                        city,
                        rng.uniform(0.2, 0.45),
                        "lab",
                    )
                )
    return units


def _institute(t: _Template, hq: _Unit, weight: float) -> _Unit:
    return _Unit(
        f"{ACADEMY_ID}-{t.code}",
        f"江南省{t.name_zh}",
        f"{t.name_en}, {ACADEMY_EN}",
        hq.unit_id,
        t.fields,
        t.city,
        weight,
        "institute",
    )


def _lab(t: _Template, parent: _Unit, weight: float) -> _Unit:
    return _Unit(
        f"{parent.unit_id}-LAB",
        f"{parent.name_zh}{t.lab_zh}",
        t.lab_en,
        parent.unit_id,
        t.fields,
        parent.city,
        weight,
        "lab",
    )


def _relate(ctx: _Ctx) -> None:
    """Each unit's own organizations: comprehensive for the headquarters, its fields' otherwise."""
    by_field: dict[str, list[int]] = {}
    for i, org in enumerate(ctx.orgs):
        by_field.setdefault(org.field if org.scope == SPECIALIZED else MULTI, []).append(i)
    for unit in ctx.units:
        unit.orgs = [i for f in unit.fields for i in by_field.get(f, [])]
        if not unit.orgs:  # a unit must be able to attend something
            unit.orgs = list(by_field[MULTI])


def _hire_staff(ctx: _Ctx, n_posts: int) -> None:
    """The people who hold posts and individual memberships (about two posts each)."""
    rng = ctx.rng
    total_weight = sum(u.weight for u in ctx.units)
    people = max(len(ctx.units) * 3, round(n_posts / 1.8))
    seen_orcids: set[str] = set()
    staff_no = 0
    for unit in ctx.units:
        for _ in range(max(3, round(people * unit.weight / total_weight))):
            staff_no += 1
            r = rng.random()
            if r < 0.62:
                person_id: str | None = f"JN{rng.randint(95, 124) % 100:02d}{staff_no:05d}"
            elif r < 0.92:
                person_id = _orcid(rng)
                while person_id in seen_orcids:
                    person_id = _orcid(rng)
                seen_orcids.add(person_id)
            else:
                person_id = None  # not every record-keeper fills it in
            unit.staff.append(_Person(_person_name(rng), person_id))


_SURNAME_CUM = list(accumulate(1.0 / (i + 6) for i in range(len(_SURNAMES))))


def _person_name(rng: random.Random) -> str:
    if rng.random() < 0.01:
        surname = rng.choice(_COMPOUND_SURNAMES)
    else:
        surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.72 else "")
    return surname + given


def _orcid(rng: random.Random) -> str:
    """A well-formed ORCID iD (ISO 7064 MOD 11-2 check digit)."""
    # 0000-0001-… to 0000-0003-…: the blocks ORCID has issued so far.
    digits = "0000000" + str(rng.randint(1, 3)) + "".join(str(rng.randrange(10)) for _ in range(7))
    total = 0
    for ch in digits:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    full = digits + ("X" if check == 10 else str(check))
    return "-".join(full[i : i + 4] for i in range(0, 16, 4))


def _units_columns(ctx: _Ctx) -> dict[str, list[Any]]:
    cols = _columns("units")
    for u in ctx.units:
        _add(
            cols,
            unit_id=u.unit_id,
            name_zh=u.name_zh,
            name_en=u.name_en,
            parent_unit_id=u.parent_id,
        )
    return cols


def _orgs_columns(ctx: _Ctx) -> dict[str, list[Any]]:
    cols = _columns("organizations")
    for org in ctx.orgs:
        _add(cols, **org.row)
    return cols


# ---------------------------------------------------------------------------------------------
# Memberships
# ---------------------------------------------------------------------------------------------


def _memberships(ctx: _Ctx, wanted: int | None) -> dict[str, list[Any]]:
    rng, today, orgs, hq = ctx.rng, ctx.today, ctx.orgs, ctx.hq
    cols = _columns("memberships")
    held: set[tuple[str, int]] = set()

    def add(
        unit: _Unit,
        org_i: int,
        member_type: str,
        status: str,
        person: _Person | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> None:
        org = orgs[org_i]
        fee, currency = _fee(rng, org, member_type) if rng.random() < 0.82 else (None, None)
        _add(
            cols,
            membership_id=f"MB-{len(cols['membership_id']) + 1:05d}",
            unit_id=unit.unit_id,
            org_id=org.org_id,
            member_type=member_type,
            person_name=person.name if person else None,
            status=status,
            start_date=start,
            end_date=end,
            annual_fee=fee,
            currency=currency,
        )
        if member_type == INSTITUTIONAL:
            held.add((unit.unit_id, org_i))

    def timeline(first_year: int, status: str) -> tuple[dt.date | None, dt.date | None]:
        if status in (M_INTENDED, M_APPLYING):
            return None, None
        start = _rand_date(rng, dt.date(first_year, 1, 1), today - dt.timedelta(days=400))
        if status == M_ACTIVE:
            return start, None
        return start, _rand_date(rng, start + dt.timedelta(days=365), today - dt.timedelta(days=1))

    # The headquarters holds most comprehensive memberships (the paper's recommendation).
    comprehensive = [i for i in hq.orgs if orgs[i].institutions_join]
    rng.shuffle(comprehensive)
    n_held = max(2, len(comprehensive) - 2)
    hq_held, hq_not = comprehensive[:n_held], comprehensive[n_held:]
    for k, org_i in enumerate(hq_held):
        status = M_LAPSED if k == 1 else M_ACTIVE
        add(hq, org_i, INSTITUTIONAL, status, None, *timeline(ctx.start_year - 8, status))
    # ... and is applying to one more (the tracked intention list).
    if hq_not:
        add(hq, hq_not[0], INSTITUTIONAL, M_APPLYING)
    # The soft-rule deviation: one or two institutes joined a comprehensive organization alone.
    institutes = [u for u in ctx.units if u.level == "institute"]
    for unit in rng.sample(institutes[: len(_INSTITUTES)], rng.randint(1, 2)):
        org_i = hq_not[-1] if len(hq_not) > 1 else rng.choice(comprehensive)
        add(unit, org_i, INSTITUTIONAL, M_ACTIVE, None, *timeline(ctx.start_year, M_ACTIVE))

    def joinable(unit: _Unit) -> list[int]:
        return [i for i in unit.orgs if orgs[i].scope == SPECIALIZED and orgs[i].institutions_join]

    subunits = [u for u in ctx.units if u is not hq and joinable(u)]
    curated = len(cols["membership_id"])
    if wanted is None:
        n_inst = round(len(subunits) * rng.uniform(2.0, 2.6))
        n_intent = rng.randint(4, 6)
        n_indiv = rng.randint(35, 55)
    else:
        rest = max(0, wanted - curated)
        n_inst, n_intent = round(rest * 0.40), round(rest * 0.06)
        n_indiv = rest - n_inst - n_intent

    # Sub-units join their specialized organizations, round-robin so each has a few.
    order = list(subunits)
    rng.shuffle(order)
    for k in range(n_inst):
        unit = order[k % len(order)] if wanted is None else rng.choice(order)
        choices = joinable(unit)
        org_i = rng.choice(choices)
        for _ in range(3):
            if (unit.unit_id, org_i) not in held:
                break
            org_i = rng.choice(choices)
        r = rng.random()
        status = M_ACTIVE if r < 0.84 else M_LAPSED if r < 0.95 else M_WITHDRAWN
        add(unit, org_i, INSTITUTIONAL, status, None, *timeline(ctx.start_year - 6, status))
    # Their own intention list: organizations they are not (yet) members of.
    for k in range(n_intent):
        unit = order[(k * 3 + 1) % len(order)]
        choices = [i for i in joinable(unit) if (unit.unit_id, i) not in held] or joinable(unit)
        add(unit, rng.choice(choices), INSTITUTIONAL, M_APPLYING if k % 3 == 0 else M_INTENDED)
    # Individual memberships: scientists in their societies (dues paid personally), and a few
    # elected fellows of the academies of individuals.
    fellowships = [i for i, o in enumerate(orgs) if o.persons_join and o.scope == COMPREHENSIVE]
    societies = [i for i, o in enumerate(orgs) if o.persons_join and o.scope == SPECIALIZED]
    with_staff = [u for u in subunits if u.staff]
    for _ in range(n_indiv):
        unit = rng.choice(with_staff)
        person = rng.choice(unit.staff)
        r = rng.random()
        status = M_ACTIVE if r < 0.8 else M_LAPSED if r < 0.95 else M_WITHDRAWN
        own = [i for i in unit.orgs if orgs[i].persons_join]
        if rng.random() < 0.12 and fellowships:
            org_i = rng.choice(fellowships)
            status = M_ACTIVE  # fellowship is for life
        else:
            org_i = rng.choice(own or societies)
        add(unit, org_i, INDIVIDUAL, status, person, *timeline(ctx.start_year - 2, status))
    return cols


def _fee(rng: random.Random, org: _Org, member_type: str) -> tuple[float, str]:
    currency = "EUR" if org.hq_country in _EURO else _FEE_CURRENCY.get(org.hq_country, "USD")
    usd = rng.uniform(1_000, 25_000) if member_type == INSTITUTIONAL else rng.uniform(60, 260)
    amount = usd * _PER_USD[currency]
    step = 10 ** max(0, int(math.log10(amount)) - 1)  # two significant digits, like real dues
    return float(round(amount / step) * step), currency


# ---------------------------------------------------------------------------------------------
# Conferences
# ---------------------------------------------------------------------------------------------

_Event = tuple[str, dt.date, dt.date | None, str | None, str, str, int | None, int | None]


@dataclass
class _ConfStats:
    """What the targets need from the conferences, gathered while generating them."""

    attended: dict[int, int] = field(default_factory=dict)
    cohosted: dict[int, int] = field(default_factory=dict)
    online: dict[int, int] = field(default_factory=dict)
    orgs: dict[int, set[str]] = field(default_factory=dict)
    unit_attended: dict[tuple[str, int], int] = field(default_factory=dict)


def _conferences(ctx: _Ctx, n: int) -> tuple[pl.DataFrame, _ConfStats]:
    rng, today, orgs, units = ctx.rng, ctx.today, ctx.orgs, ctx.units
    years = ctx.years
    span = max(1, len(years) - 1)
    covid = {2020: 0.55, 2021: 0.75, 2022: 0.9}
    year_share = max(0.02, today.timetuple().tm_yday / 366)
    year_w = [
        (1 + 0.06 * (y - years[0])) * covid.get(y, 1.0) * (year_share if y == today.year else 1.0)
        for y in years
    ]
    per_year = dict.fromkeys(years, 0)
    for y in rng.choices(years, cum_weights=list(accumulate(year_w)), k=n):
        per_year[y] += 1
    unit_cw = list(accumulate(u.weight for u in units))
    # Co-hosting and hosting grow slowly; attending stays the bulk (the "shallow" challenge).
    comprehensive = list(ctx.hq.orgs)
    events: dict[tuple[int, int, int], _Event] = {}
    stats = _ConfStats()
    rand = rng.random
    chunks: list[pl.DataFrame] = []
    # One year at a time, so only a year's rows are ever held as Python objects.
    for y in years:
        p_host = 0.006 + 0.010 * (y - years[0]) / span
        p_cohost = p_host + 0.025 + 0.035 * (y - years[0]) / span
        cols = _columns("conferences")
        c_id, c_unit, c_org, c_title = (
            cols["conference_id"],
            cols["unit_id"],
            cols["org_id"],
            cols["title"],
        )
        c_role, c_format, c_start, c_end = (
            cols["role"],
            cols["format"],
            cols["start_date"],
            cols["end_date"],
        )
        c_city, c_country = cols["city"], cols["country"]
        c_staff, c_pres = cols["staff_attending"], cols["presentations"]
        c_att, c_ctry = cols["attendees_total"], cols["countries_total"]
        year_orgs = stats.orgs.setdefault(y, set())
        attended = cohosted = online = 0
        unit_attended = stats.unit_attended
        picks = rng.choices(units, cum_weights=unit_cw, k=per_year[y])
        for seq, unit in enumerate(picks, start=1):
            r = rand()
            if r >= p_cohost:
                role = ATTENDED
                r2 = rand()
                if r2 < 0.8:
                    org_i = unit.orgs[int(rand() * len(unit.orgs))]
                elif r2 < 0.93:
                    org_i = comprehensive[int(rand() * len(comprehensive))]
                else:
                    # Under no organization; keyed by field so units of a field share it.
                    org_i = -1 - _FIELD_IDS[unit.fields[int(rand() * len(unit.fields))]]
                r3 = rand()
                k = 0 if r3 < 0.55 else 1 if r3 < 0.85 else 2
                key = (org_i, y, k)
                event = events.get(key)
                if event is None:
                    event = events[key] = _new_event(ctx, org_i, unit, y, k)
                staff = 1 + int(rand() ** 2 * 6)
                pres = int(rand() * (staff + 1))
                attended += 1
                unit_key = (unit.unit_id, y)
                unit_attended[unit_key] = unit_attended.get(unit_key, 0) + 1
            else:
                role = HOSTED if r < p_host else CO_HOSTED
                org_i = unit.orgs[int(rand() * len(unit.orgs))] if rand() < 0.85 else -1
                event = _hosted_event(ctx, org_i, unit, y, role)
                staff = rng.randint(8, 60) if role == CO_HOSTED else rng.randint(20, 120)
                pres = rng.randint(3, 20)
                cohosted += 1
            title, start, end, city, country, fmt, attendees, countries = event
            org_id = orgs[org_i].org_id if org_i >= 0 else None
            if org_id is not None:
                year_orgs.add(org_id)
            if fmt != IN_PERSON:
                online += 1
            c_id.append(f"CF-{y}-{seq:05d}")
            c_unit.append(unit.unit_id)
            c_org.append(org_id)
            c_title.append(title)
            c_role.append(role)
            c_format.append(fmt)
            c_start.append(start)
            c_end.append(end)
            c_city.append(city)
            c_country.append(country)
            c_staff.append(staff)
            c_pres.append(pres)
            c_att.append(attendees)
            c_ctry.append(countries)
        stats.attended[y], stats.cohosted[y], stats.online[y] = attended, cohosted, online
        chunks.append(_frame("conferences", cols))
    return pl.concat(chunks, rechunk=False), stats


def _event_format(rng: random.Random, start: dt.date) -> str:
    # "Cloud" meetings appear with the pandemic and stay as a minority afterwards.
    if start < dt.date(2020, 3, 1):
        return IN_PERSON
    online, hybrid = {2020: (0.60, 0.15), 2021: (0.45, 0.35), 2022: (0.20, 0.35)}.get(
        start.year, (0.08, 0.17)
    )
    r = rng.random()
    return ONLINE if r < online else HYBRID if r < online + hybrid else IN_PERSON


def _event_title(org: _Org | None, topic: str, y: int, k: int) -> str:
    if org is None:
        return f"{y}年{topic}国际学术研讨会"
    if k == 0:
        name = org.name_zh
        if name.endswith(("联合会", "联盟", "理事会", "委员会", "组织")):
            suffix = "大会"
        elif name.endswith(("学会", "协会", "学院", "科学院")):
            suffix = "年会"
        else:
            suffix = "年度会议"
        return f"{y}年{name}{suffix}"
    if k == 1:
        return f"{y}年{org.name_zh}{topic}专题研讨会"
    return f"{org.acronym or org.name_zh}第{max(1, y - 2000)}届{topic}国际研讨会"


def _new_event(ctx: _Ctx, org_i: int, unit: _Unit, y: int, k: int) -> _Event:
    rng = ctx.rng
    org = ctx.orgs[org_i] if org_i >= 0 else None
    fld = org.field if org else _FIELDS[-org_i - 1]
    topics = _TOPICS.get(fld, _TOPICS[MULTI])
    topic = topics[(y + k) % len(topics)]
    start = _rand_date(rng, dt.date(y, 1, 1), min(dt.date(y, 12, 31), ctx.today))
    fmt = _event_format(rng, start)
    days = (rng.randint(3, 6), rng.randint(1, 3), rng.randint(1, 4))[k]
    end = (
        None
        if rng.random() < 0.03
        else start + dt.timedelta(days=days if fmt != ONLINE else days // 2)
    )
    if fmt == ONLINE:
        city, country = None, org.hq_country if org else rng.choice(_VENUES)[1]
    elif rng.random() < 0.12:
        city, country = rng.choice(_CN_VENUES), "CN"
    else:
        city, country = rng.choice(_VENUES)
    size = ((500, 6000, 30, 100), (80, 600, 8, 40), (30, 300, 5, 30))[k]
    attendees: int | None = rng.randint(size[0], size[1])
    countries: int | None = rng.randint(size[2], size[3])
    if rng.random() < 0.08:
        attendees, countries = None, None  # not reported
    return (_event_title(org, topic, y, k), start, end, city, country, fmt, attendees, countries)


def _hosted_event(ctx: _Ctx, org_i: int, unit: _Unit, y: int, role: str) -> _Event:
    rng = ctx.rng
    org = ctx.orgs[org_i] if org_i >= 0 else None
    topics = _TOPICS.get(org.field if org else unit.fields[0], _TOPICS[MULTI])
    topic = rng.choice(topics)
    start = _rand_date(rng, dt.date(y, 1, 1), min(dt.date(y, 12, 31), ctx.today))
    fmt = _event_format(rng, start)
    r = rng.random()
    if org and r < 0.5:
        title = f"{y}年{org.name_zh}{topic}国际研讨会"
    elif r < 0.75:
        title = f"{y}{topic}国际论坛（{unit.city}）"
    else:
        title = f"第{max(1, y - 2008)}届{topic}国际学术会议"
    big = role == HOSTED
    attendees = rng.randint(150, 900) if big else rng.randint(60, 400)
    countries = rng.randint(10, 45) if big else rng.randint(5, 25)
    end = start + dt.timedelta(days=rng.randint(1, 4))
    return (
        title,
        start,
        end,
        unit.city if fmt != ONLINE else None,
        "CN",
        fmt,
        attendees,
        countries,
    )


# ---------------------------------------------------------------------------------------------
# Posts
# ---------------------------------------------------------------------------------------------


def _posts(ctx: _Ctx, n: int) -> dict[str, list[Any]]:
    rng, today, orgs = ctx.rng, ctx.today, ctx.orgs
    cols = _columns("posts")
    n_leader = max(4, round(n * 0.045))  # the paper: few people in key posts
    n_council = round(n * 0.21)
    n_other = round(n * 0.14)
    levels = [LEADER] * n_leader + [COUNCIL] * n_council + [OTHER] * n_other
    levels += [COMMITTEE] * (n - len(levels))
    rng.shuffle(levels)
    first = ctx.start_year - 3
    post_years = list(range(first, today.year + 1))
    year_cw = list(accumulate(1 + 0.1 * (y - first) for y in post_years))
    staffed = [u for u in ctx.units if u.staff]
    unit_cw = list(accumulate(u.weight for u in staffed))
    comprehensive = list(ctx.hq.orgs)
    successions = 0  # leader posts whose term ends within the next twelve months
    for level in levels:
        unit = rng.choices(staffed, cum_weights=unit_cw)[0]
        person = rng.choice(unit.staff)
        if unit is ctx.hq or rng.random() < 0.1:
            org_i = rng.choice(comprehensive)
        else:
            org_i = rng.choice(unit.orgs)
        org = orgs[org_i]
        position = rng.choice(_POSITIONS[level])
        if "{}" in position:
            position = position.format(rng.choice(_TOPICS.get(org.field, _TOPICS[MULTI])))
        term = rng.choice((2, 3, 4, 4, 4))
        if level == LEADER and successions < 2:
            # Two leader terms end soon, so the dashboard has a succession to warn about.
            successions += 1
            end: dt.date | None = today + dt.timedelta(days=rng.randint(30, 330))
            assert end is not None
            start = _add_years(end, -term) + dt.timedelta(days=1)
        else:
            y = rng.choices(post_years, cum_weights=year_cw)[0]
            start = _rand_date(rng, dt.date(y, 1, 1), min(dt.date(y, 12, 31), today))
            scheduled = _add_years(start, term) - dt.timedelta(days=1)
            if scheduled < today:
                early = rng.random() < 0.08
                end = _rand_date(rng, start, scheduled) if early else scheduled
            else:
                end = scheduled if rng.random() < 0.6 else None  # ongoing, end not recorded
        _add(
            cols,
            post_id=f"PT-{len(cols['post_id']) + 1:05d}",
            person_name=person.name,
            person_id=person.person_id,
            unit_id=unit.unit_id,
            org_id=org.org_id,
            position=position,
            level=level,
            start_date=start,
            end_date=end,
        )
    return cols


# ---------------------------------------------------------------------------------------------
# Offices
# ---------------------------------------------------------------------------------------------


def _offices(ctx: _Ctx, wanted: int | None) -> dict[str, list[Any]]:
    rng, today, orgs = ctx.rng, ctx.today, ctx.orgs
    cols = _columns("offices")
    # The stages the paper describes: negotiating → approved → established (one closed).
    statuses = [ESTABLISHED, ESTABLISHED, ESTABLISHED, CLOSED, APPROVED, NEGOTIATING, NEGOTIATING]
    types = [OT_REGIONAL, OT_SECRETARIAT, OT_REPRESENTATIVE, OT_SECRETARIAT, OT_BRANCH,
             OT_REGIONAL, OT_HEADQUARTERS]  # fmt: skip
    if wanted is not None:
        for _ in range(wanted - len(statuses)):
            r = rng.random()
            statuses.append(ESTABLISHED if r < 0.55 else APPROVED if r < 0.70 else
                            NEGOTIATING if r < 0.90 else CLOSED)  # fmt: skip
            r = rng.random()
            types.append(OT_REGIONAL if r < 0.3 else OT_SECRETARIAT if r < 0.6 else
                         OT_REPRESENTATIVE if r < 0.8 else OT_BRANCH if r < 0.95 else
                         OT_HEADQUARTERS)  # fmt: skip
    hosts = [u for u in ctx.units if u.level == "institute"]
    used: set[int] = set()
    earliest = dt.date(ctx.start_year + 2, 1, 1)
    for status, office_type in zip(statuses, types, strict=True):
        unit = rng.choice(hosts)
        choices = [i for i in unit.orgs if orgs[i].scope == SPECIALIZED and i not in used]
        org_i = rng.choice(choices or unit.orgs)
        used.add(org_i)
        established: dt.date | None = None
        closed: dt.date | None = None
        if status == ESTABLISHED:
            established = _rand_date(rng, earliest, today - dt.timedelta(days=400))
        elif status == CLOSED:
            # Open for two years at least, closed before today.
            established = _rand_date(rng, earliest, today - dt.timedelta(days=1100))
            closed = _rand_date(
                rng, established + dt.timedelta(days=730), today - dt.timedelta(days=30)
            )
        _add(
            cols,
            office_id=f"OF-{len(cols['office_id']) + 1:04d}",
            org_id=orgs[org_i].org_id,
            unit_id=unit.unit_id,
            office_type=office_type,
            city=unit.city,
            country="CN",
            status=status,
            established_date=established,
            closed_date=closed,
        )
    return cols


# ---------------------------------------------------------------------------------------------
# Safeguards
# ---------------------------------------------------------------------------------------------


def _safeguards(ctx: _Ctx) -> dict[str, list[Any]]:
    rng, today = ctx.rng, ctx.today
    cols = _columns("safeguards")
    per_year: dict[int, int] = {}

    def add(
        category: str,
        title: str,
        year: int,
        unit: _Unit | None,
        amount: tuple[int, int] | None,
        people: tuple[int, int] | None,
    ) -> None:
        due = dt.date(year, rng.randint(6, 12), rng.randint(1, 28))
        status, done = _progress(rng, due, today)
        per_year[year] = per_year.get(year, 0) + 1
        _add(
            cols,
            measure_id=f"SG-{year}-{per_year[year]:03d}",
            category=category,
            title=title,
            unit_id=unit.unit_id if unit else None,
            status=status,
            due_date=due,
            done_date=done,
            amount_cny=float(round(rng.randint(*amount), -4)) if amount else None,
            people=rng.randint(*people) if people else None,
        )

    last = today.year + 1  # next year's plans are already on the books
    for category, title, offset in _MEASURES:
        year = min(ctx.start_year + offset, last)
        amount = (1_000_000, 5_000_000) if category == SG_FUNDING else None
        people = (10, 80) if category == SG_PERSONNEL else None
        add(category, title, year, None, amount, people)
    for category, template, offset, amount, people in _YEARLY:
        for year in range(ctx.start_year + offset, last + 1):
            add(category, template.format(year), year, None, amount, people)
    subunits = [u for u in ctx.units if u.level in ("institute", "branch")]
    n_units = min(len(subunits), max(3, len(subunits) // 5))
    for unit in rng.sample(subunits, n_units):
        category, template = rng.choice(_UNIT_MEASURES)
        year = rng.randint(ctx.start_year + 3, last)
        amount = (100_000, 600_000) if category == SG_FUNDING else None
        people = (2, 30) if category in (SG_PERSONNEL, SG_SERVICES) else None
        add(category, template.format(unit.name_zh), year, unit, amount, people)
    return cols


def _progress(rng: random.Random, due: dt.date, today: dt.date) -> tuple[str, dt.date | None]:
    """Status and completion date of a measure due on `due`, as seen on `today`."""
    if due.year > today.year:
        return PLANNED, None
    if due <= today and rng.random() < 0.88:
        done = _rand_date(rng, due - dt.timedelta(days=90), due + dt.timedelta(days=45))
        if done <= today:
            return DONE, done
    if due.year == today.year and rng.random() < 0.3:
        return PLANNED, None
    return IN_PROGRESS, None  # overdue or under way


# ---------------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------------


def _targets(
    ctx: _Ctx,
    memberships: dict[str, list[Any]],
    conferences: _ConfStats,
    posts: dict[str, list[Any]],
    offices: dict[str, list[Any]],
) -> dict[str, list[Any]]:
    """Leadership's yearly targets, set around what was achieved so some are met and some not."""
    rng, today, years = ctx.rng, ctx.today, ctx.years
    actual = _academy_actuals(ctx, memberships, conferences, posts, offices)
    cols = _columns("targets")
    target_years = years[2:]
    first_office = min(
        (d.year for d in offices["established_date"] if d is not None), default=today.year + 1
    )
    for indicator, by_year in actual.items():
        first = (
            2021 if indicator == I_CONF_ONLINE else first_office if indicator == I_OFFICES else 0
        )
        ys = [y for y in target_years if y >= first]
        _add_targets(rng, cols, indicator, None, ys, by_year, today)
    # Per-unit targets for the most active institutes (a unit's count includes its labs).
    institutes = sorted((u for u in ctx.units if u.level == "institute"), key=lambda u: -u.weight)
    chosen = institutes[: 4 if not ctx.scale else max(4, len(institutes) // 10)]
    recent = years[-4:]
    # One pass over the facts: counts per (unit, year), then summed over each unit's subtree.
    conf_by_unit = conferences.unit_attended
    held_by_unit: dict[tuple[str, int], int] = {}
    for u, s, e in zip(posts["unit_id"], posts["start_date"], posts["end_date"], strict=True):
        for y in recent:
            if _in_force(s, e, y):
                held_by_unit[u, y] = held_by_unit.get((u, y), 0) + 1
    children: dict[str, list[str]] = {}
    for u in ctx.units:
        if u.parent_id:
            children.setdefault(u.parent_id, []).append(u.unit_id)
    for unit in chosen:
        subtree = [unit.unit_id, *children.get(unit.unit_id, [])]
        conf = {y: sum(conf_by_unit.get((u, y), 0) for u in subtree) for y in years}
        held = {y: sum(held_by_unit.get((u, y), 0) for u in subtree) for y in recent}
        _add_targets(rng, cols, I_CONF_ATTENDED, unit.unit_id, recent, conf, today)
        _add_targets(rng, cols, I_POSTS_HELD, unit.unit_id, recent, held, today)
    return cols


def _add_targets(
    rng: random.Random,
    cols: dict[str, list[Any]],
    indicator: str,
    unit_id: str | None,
    years: Sequence[int],
    actual: dict[int, int],
    today: dt.date,
) -> None:
    past = [y for y in years if y < today.year]
    met = {y: rng.random() < 0.6 for y in past}
    if len(past) >= 3 and len(set(met.values())) == 1:
        met[past[-1]] = not met[past[-1]]  # a dashboard needs both outcomes to show
    for y in years:
        if y in met:
            value = actual.get(y, 0)
            if met[y]:
                target = math.floor(value * rng.uniform(0.85, 1.0))
            else:
                target = max(value + 1, math.ceil(value * rng.uniform(1.03, 1.25)))
        else:  # this year: last year's result plus some ambition
            target = math.ceil(actual.get(y - 1, 0) * rng.uniform(1.0, 1.12))
        _add(cols, year=y, indicator=indicator, unit_id=unit_id, target=float(target))


def _academy_actuals(
    ctx: _Ctx,
    memberships: dict[str, list[Any]],
    conferences: _ConfStats,
    posts: dict[str, list[Any]],
    offices: dict[str, list[Any]],
) -> dict[str, dict[int, int]]:
    years = ctx.years
    started = (M_ACTIVE, M_LAPSED, M_WITHDRAWN)
    m_rows = [
        (o, s, e)
        for o, st, s, e in zip(
            memberships["org_id"], memberships["status"], memberships["start_date"],
            memberships["end_date"], strict=True,
        )
        if st in started
    ]  # fmt: skip
    p_rows = list(
        zip(posts["org_id"], posts["level"], posts["start_date"], posts["end_date"], strict=True)
    )
    o_rows = [
        (o, s, e)
        for o, s, e in zip(
            offices["org_id"], offices["established_date"], offices["closed_date"], strict=True
        )
        if s is not None
    ]
    attended, cohosted, online = conferences.attended, conferences.cohosted, conferences.online
    conf_orgs = {y: set(conferences.orgs.get(y, ())) for y in years}
    result: dict[str, dict[int, int]] = {
        I_MEMBERSHIPS_ACTIVE: {}, I_CONF_ATTENDED: attended, I_CONF_COHOSTED: cohosted,
        I_CONF_ONLINE: online, I_POSTS_HELD: {}, I_POSTS_LEADER: {}, I_OFFICES: {},
        I_ORGS_ENGAGED: {},
    }  # fmt: skip
    orgs_by_year: dict[int, set[str]] = conf_orgs
    rows: list[tuple[str, str, dt.date, dt.date | None]] = [
        (I_MEMBERSHIPS_ACTIVE, o, s, e) for o, s, e in m_rows
    ]
    rows += [(I_POSTS_LEADER if lv == LEADER else I_POSTS_HELD, o, s, e) for o, lv, s, e in p_rows]
    rows += [(I_OFFICES, o, s, e) for o, s, e in o_rows]
    for indicator, org, start, end in rows:
        # In force during Y: started by the end of Y and not ended before Y began.
        for y in _years_in_force(start, end, years[0], years[-1]):
            counts = result[indicator]
            counts[y] = counts.get(y, 0) + 1
            if indicator == I_POSTS_LEADER:  # a leader post is also a post held
                result[I_POSTS_HELD][y] = result[I_POSTS_HELD].get(y, 0) + 1
            orgs_by_year[y].add(org)
    for y in years:
        for indicator in (I_MEMBERSHIPS_ACTIVE, I_POSTS_HELD, I_POSTS_LEADER, I_OFFICES):
            result[indicator].setdefault(y, 0)
        result[I_ORGS_ENGAGED][y] = len(orgs_by_year[y])
    return result


def _years_in_force(start: dt.date, end: dt.date | None, first: int, last: int) -> range:
    return range(max(start.year, first), min(end.year if end else last, last) + 1)


def _in_force(start: dt.date, end: dt.date | None, year: int) -> bool:
    return start <= dt.date(year, 12, 31) and (end is None or end >= dt.date(year, 1, 1))


# ---------------------------------------------------------------------------------------------
# Frames and small helpers
# ---------------------------------------------------------------------------------------------


def _columns(kind: str) -> dict[str, list[Any]]:
    return {name: [] for name in KINDS[kind].column_names}


def _add(cols: dict[str, list[Any]], **values: Any) -> None:
    """Append one record; an unknown or missing column is a bug here, not in the data."""
    if values.keys() != cols.keys():
        raise KeyError(f"columns differ: {sorted(values.keys() ^ cols.keys())}")
    for name, column in cols.items():
        column.append(values[name])


def _frame(kind: str, cols: dict[str, list[Any]]) -> pl.DataFrame:
    spec = KINDS[kind]
    if tuple(cols) != spec.column_names:
        raise AssertionError(f"{kind}: built {tuple(cols)}, schema has {spec.column_names}")
    return pl.DataFrame(cols, schema={c.name: _POLARS_TYPES[c.type] for c in spec.columns})


def _typed(col: Column, raw: str | None) -> Any:
    text = (raw or "").strip()
    if not text:
        return None
    if col.type == "integer":
        return int(text)
    if col.type == "decimal":
        return float(text)
    if col.type == "date":
        return dt.date.fromisoformat(text)
    return text


def _rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    if hi <= lo:
        return lo
    return lo + dt.timedelta(days=int(rng.random() * ((hi - lo).days + 1)))


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# ---------------------------------------------------------------------------------------------
# Analyst-style files
# ---------------------------------------------------------------------------------------------

# (file name with {zh}/{name}/{year}/{q} placeholders, encoding; None = xlsx)
_ANALYST_FILES: dict[str, tuple[str, str | None]] = {
    "units": ("{zh}名录_{year}.csv", "utf-8-sig"),
    "organizations": ("{zh}名录.csv", "gb18030"),
    "memberships": ("{name}_{year}Q{q}.csv", "utf-8-sig"),
    "conferences": ("{year}-{zh}.csv", "gb18030"),
    "posts": ("{year}年{zh}情况.xlsx", None),
    "offices": ("{zh}.csv", "utf-8"),
    "safeguards": ("{zh}台账_{year}.csv", "utf-8-sig"),
    "targets": ("{year}{zh}.csv", "gb18030"),
}

_DATE_SPELLINGS: tuple[Callable[[dt.date], str], ...] = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
)


def _stamp(frames: dict[str, pl.DataFrame]) -> dt.date:
    """The 'as of' date in analyst file names, taken from the data so output is stable.

    Required dates (a conference's or a post's start) are things that happened; optional
    ones (due dates, scheduled term ends) may lie in the future, so they are not used.
    """
    latest: dt.date | None = None
    for name, frame in frames.items():
        kind = KINDS.get(name)
        if kind is None or not frame.height:
            continue
        for col in kind.columns:
            if col.type == "date" and col.required:
                value = frame.get_column(col.name).max()
                if isinstance(value, dt.date) and (latest is None or value > latest):
                    latest = value
    return latest or clock.today()


def _analyst_name(kind: Kind, stamp: dt.date) -> tuple[str, str | None]:
    template, encoding = _ANALYST_FILES.get(kind.name, ("{zh}.csv", "utf-8-sig"))
    name = template.format(
        zh=kind.zh, name=kind.name, year=stamp.year, q=(stamp.month - 1) // 3 + 1
    )
    return name, encoding


def _analyst_layout(kind: Kind) -> list[tuple[Column, str]]:
    """Columns in an analyst's order, each with the header spelling the analyst typed."""
    order = list(kind.columns)
    random.Random(kind.name).shuffle(order)  # fixed per kind: the same file every time
    aliases = header_aliases(kind)
    layout: list[tuple[Column, str]] = []
    for j, col in enumerate(order):
        # Excel users type ASCII brackets (金额(元)): use such a variant when the schema has one.
        variants = [
            a
            for a, c in aliases.items()
            if c == col.name and a not in (col.name.lower(), col.zh.lower())
        ]
        header = variants[0] if variants else col.zh
        if j == 1:
            header = col.name.upper()  # one column left in English, shouted
        elif j == 2:
            header = f" {header} "  # stray spaces around a header
        layout.append((col, header))
    return layout


def _analyst_value(col: Column, value: Any, i: int, j: int) -> Any:
    """How an analyst would have typed this cell (dates stay dates; the writer spells them)."""
    if value is None:
        return None
    if col.type == "enum":
        if col.default is not None and value == col.default and i % 3 == 0:
            return None  # empty means the default
        labels = next(e.labels_zh for e in col.enum if e.code == value)
        if (i + j) % 5 == 4:
            return value.upper()  # now and then the code, in any case
        return labels[(i + j) % len(labels)]  # otherwise a label, alternatives included
    if col.type == "country" and i % 7 == 3:
        return value.lower()
    if col.type == "text" and i % 13 == 5:
        return f" {value}  "
    return value


def _csv_text(col: Column, value: Any, i: int, j: int) -> str:
    if value is None:
        return ""
    if col.type == "date":
        return _DATE_SPELLINGS[(i + j) % len(_DATE_SPELLINGS)](value)
    if col.type == "decimal":
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)


def _write_analyst_csv(kind: Kind, frame: pl.DataFrame, path: Path, encoding: str | None) -> None:
    layout = _analyst_layout(kind)
    index = [kind.column_names.index(col.name) for col, _ in layout]
    with path.open("w", encoding=encoding or "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")  # what Excel writes
        writer.writerow([header for _, header in layout])
        for i, row in enumerate(frame.iter_rows()):
            writer.writerow(
                [
                    _csv_text(col, _analyst_value(col, row[k], i, j), i, j)
                    for j, ((col, _), k) in enumerate(zip(layout, index, strict=True))
                ]
            )


def _write_analyst_xlsx(kind: Kind, frame: pl.DataFrame, path: Path) -> None:
    import xlsxwriter  # only needed for this style

    layout = _analyst_layout(kind)
    index = [kind.column_names.index(col.name) for col, _ in layout]
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet(kind.zh)
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for j, (_, header) in enumerate(layout):
            sheet.write_string(0, j, header)
        for i, row in enumerate(frame.iter_rows()):
            for j, ((col, _), k) in enumerate(zip(layout, index, strict=True)):
                value = _analyst_value(col, row[k], i, j)
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(i + 1, j, value, date_format)
                elif isinstance(value, int | float):
                    sheet.write_number(i + 1, j, value)
                else:
                    sheet.write_string(i + 1, j, str(value))
    finally:
        workbook.close()

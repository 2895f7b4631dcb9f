"""The report's tables as (title, rows, columns), in the order every export shows them.
Headings are Chinese, as the group files its monthly report (按月汇总归档)."""

from dataclasses import dataclass
from typing import Any

COMPLAINT_COLUMNS = [
    ("count", "投诉数"),
    ("responded_on_time", "按时反馈"),
    ("responded_late", "反馈超时"),
    ("resolved_on_time", "按时解决"),
    ("resolved_late", "解决超时"),
    ("open", "未结案"),
    ("escalated", "已升级"),
]
CLAIM_COLUMNS = [
    ("count", "售后申请数"),
    ("refunded", "退款金额"),
    ("compensated", "赔偿金额"),
    ("overridden", "主管改判"),
]
MONEY = {"refunded", "compensated", "cost"}
KEY_COLUMNS = [("key", "代码"), ("label", "名称")]
COMPLAINT_TABLES = [
    ("type", "投诉按类型"),
    ("cause", "投诉按原因"),
    ("channel", "投诉按渠道"),
    ("store", "投诉按门店"),
    ("floor", "投诉按楼层"),
    ("counter", "投诉按专柜"),
    ("brand", "投诉按品牌"),
    ("staff", "投诉按员工"),
    ("level", "投诉按处理层级"),
]
CLAIM_TABLES = [
    ("remedy", "售后按处理方式"),
    ("outcome", "售后按决定"),
    ("category", "售后按品类"),
    ("store", "售后按门店"),
    ("counter", "售后按专柜"),
    ("brand", "售后按品牌"),
]
DEADLINE_COLUMNS = [
    ("kind", "时限代码"),
    ("label", "服务时限"),
    ("due", "应达标数"),
    ("on_time", "按时"),
    ("late", "超时"),
    ("open", "未到期"),
]
RANKING_COLUMNS = [
    ("key", "专柜代码"),
    ("label", "专柜"),
    ("complaints", "投诉数"),
    ("receipts", "销售小票数"),
    ("per_1000", "每千笔投诉"),
    ("missed", "超时次数"),
    ("low_ratings", "低分评价"),
    ("faults", "查实员工过错"),
    ("score", "巡查优先分"),
]


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]


def _summary(report: dict[str, Any]) -> Table:
    rows = []
    periods = [("本期", report["complaints"]["total"], report["claims"]["total"])]
    for name, title in (("previous_month", "上月同期"), ("previous_year", "去年同期")):
        if name in report:
            periods.append((title, report[name]["complaints"], report[name]["claims"]))
    for title, complaints, claims in periods:
        rows.append(
            {
                "period": title,
                **complaints,
                "claims": claims["count"],
                "refunded": claims["refunded"],
                "compensated": claims["compensated"],
            }
        )
    columns = [
        ("period", "期间"),
        *COMPLAINT_COLUMNS,
        ("claims", "售后申请数"),
        ("refunded", "退款金额"),
        ("compensated", "赔偿金额"),
    ]
    return Table("汇总", columns, rows)


def _repairs(report: dict[str, Any]) -> Table:
    r = report["repairs"]
    rows = [
        {"name": name, "value": r[key]}
        for key, name in (
            ("opened", "新开维修单"),
            ("closed", "已交还"),
            ("median_days", "周转天数中位数"),
            ("p90_days", "周转天数90分位"),
            ("within_promise", "18天内完成"),
            ("within_promise_share", "18天内完成比例"),
            ("factory_returns", "返厂维修"),
            ("came_back", "返修"),
            ("promise_escalated", "超过承诺时限已升级"),
            ("legal_limit_passed", "超过三包法定修理时限"),
            ("waited_for_parts", "曾待料"),
            ("loaners_owed", "应提供备用机"),
            ("loaners_given", "已提供备用机"),
        )
    ]
    return Table("维修", [("name", "项目"), ("value", "数值")], rows)


def _satisfaction(report: dict[str, Any]) -> Table:
    s = report["satisfaction"]
    rows = [{"name": "评价数", "value": s["ratings"]}, {"name": "平均分", "value": s["average"]}]
    rows += [{"name": f"{k}分", "value": v} for k, v in s["distribution"].items()]
    return Table("满意度", [("name", "项目"), ("value", "数值")], rows)


def report_tables(report: dict[str, Any]) -> list[Table]:
    c, k, costs = report["complaints"], report["claims"], report["costs"]
    tables = [_summary(report)]
    tables += [
        Table(t, KEY_COLUMNS + COMPLAINT_COLUMNS, c[f"by_{by}"])
        for by, t in COMPLAINT_TABLES
        if f"by_{by}" in c
    ]
    tables += [
        Table(t, KEY_COLUMNS + CLAIM_COLUMNS, k[f"by_{by}"])
        for by, t in CLAIM_TABLES
        if f"by_{by}" in k
    ]
    if "deadlines" in report:  # a month filed before the table existed has none
        tables.append(Table("服务时限达标", DEADLINE_COLUMNS, report["deadlines"]))
    cost_columns = KEY_COLUMNS + [("count", "项数"), ("cost", "成本金额")]
    tables += [
        # complaint outcomes and late-delivery compensation, one ledger
        Table("处理成本按方式（含送货延误补偿）", cost_columns, costs["by_kind"]),
        Table("处理成本按门店", cost_columns, costs["by_store"]),
        Table("处理成本按专柜", cost_columns, costs["by_counter"]),
        _repairs(report),
        _satisfaction(report),
        Table(
            "满意度按专柜",
            KEY_COLUMNS + [("ratings", "评价数"), ("average", "平均分")],
            report["satisfaction"]["by_counter"],
        ),
        Table(
            "满意度按员工",
            KEY_COLUMNS + [("ratings", "评价数"), ("average", "平均分")],
            report["satisfaction"]["by_staff"],
        ),
        Table("巡查排名", RANKING_COLUMNS, report["inspection_ranking"]),
    ]
    return tables

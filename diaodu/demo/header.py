"""The contract's full column set of a monthly report, as the demonstration city's files
carry it. Plain Python (no Django), so the load generator can write such files too."""

CANONICAL_HEADER = [
    "统一社会信用代码",
    "单位详细名称",
    "行政区划代码",
    "行业代码",
    "库状态",
    "工业总产值本月",
    "工业总产值本年累计",
    "工业总产值上年同期本月",
    "工业总产值上年同期累计",
    "营业收入本年累计",
    "营业收入上年同期累计",
    "利润总额本年累计",
    "利润总额上年同期累计",
    "工业销售产值本月",
    "工业销售产值本年累计",
    "工业销售产值上年同期累计",
    "出口交货值本年累计",
    "出口交货值上年同期累计",
    "用电量本月（万千瓦时）",
    "用电量上年同期本月（万千瓦时）",
    "从业人员平均人数",
]

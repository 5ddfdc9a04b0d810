"""Early warnings (预警): each names its region, quarter, rule and the figures behind it; thresholds in the config."""

from __future__ import annotations

import pandas as pd

from reference.evaluation import Config

from .reporting import LATE, MISSING

RULES = {
    "export_drop": "出口同比大幅下降",
    "overdue_measures": "举措逾期未完成",
    "not_on_time": "未按时报送",
    "enterprise_excess": "企业直报超过地区数据",
    "tenfold": "金额与上季度相差十倍以上",
    "experience_quiet": "连续多个季度无新经验案例",
}


def _w(region_code, region, period, rule, message, **figures) -> dict:
    return {
        "region_code": region_code,
        "region": region,
        "period": period,
        "rule": rule,
        "rule_label": RULES[rule],
        "message": message,
        "figures": {
            k: (None if pd.isna(v) else (round(float(v), 4) if isinstance(v, float) else v))
            for k, v in figures.items()
        },
    }


def early_warnings(
    period: str,
    config: Config,
    table: pd.DataFrame,
    status: pd.DataFrame,
    cross: pd.DataFrame,
    trade_now: pd.DataFrame,
    trade_last: pd.DataFrame,
    items: pd.DataFrame,
    period_seq: int,
    category_names: dict[int, str],
) -> list[dict]:
    """The warnings of one quarter.

    - export_drop: export_yoy < `export_drop` (default −20%).
    - overdue_measures: overdue_measures > 0.
    - not_on_time: the quarter's region workbook arrived after the deadline, or not at all once it passed.
    - enterprise_excess: a category where the enterprises' direct reports exceed the region's exports.
    - tenfold: a category amount more than `tenfold` times the previous quarter's, or less than 1/`tenfold` of it.
    - experience_quiet: no new experience item in the last `experience_quiet_quarters` quarters (once the
      pilot has run that long).
    """
    names = dict(zip(table["region_code"], table["region"]))
    out = []
    for _, r in table.iterrows():
        if pd.notna(r["export_yoy"]) and r["export_yoy"] < config.export_drop:
            out.append(
                _w(
                    r["region_code"],
                    r["region"],
                    period,
                    "export_drop",
                    f"出口同比下降 {-r['export_yoy']:.1%}（本季度 {r['exports']:,.2f} 万元，"
                    f"基数 {r['export_base']:,.2f} 万元）",
                    exports=r["exports"],
                    export_base=r["export_base"],
                    export_yoy=r["export_yoy"],
                    threshold=config.export_drop,
                )
            )
        if pd.notna(r["overdue_measures"]) and r["overdue_measures"] > 0:
            out.append(
                _w(
                    r["region_code"],
                    r["region"],
                    period,
                    "overdue_measures",
                    f"{int(r['overdue_measures'])} 项具体举措已过计划完成时间仍未完成",
                    overdue_measures=int(r["overdue_measures"]),
                    measures_listed=int(r["measures_listed"]),
                )
            )
    for _, s in status[(status["period"] == period) & status["status"].isin([LATE, MISSING])].iterrows():
        deadline = pd.Timestamp(s["deadline"]).date().isoformat()
        if s["status"] == LATE:
            message = (
                f"本季度报表于 {pd.Timestamp(s['received_at']):%Y-%m-%d %H:%M} 收到，晚于截止日期 {deadline}"
            )
        else:
            message = f"截止日期 {deadline} 已过，本季度报表尚未报送"
        out.append(
            _w(
                s["region_code"],
                names[s["region_code"]],
                period,
                "not_on_time",
                message,
                status=s["status"],
                deadline=deadline,
                received_at=None if pd.isna(s["received_at"]) else str(s["received_at"]),
            )
        )
    for _, c in cross[cross["excess"]].iterrows():
        out.append(
            _w(
                c["region_code"],
                names[c["region_code"]],
                period,
                "enterprise_excess",
                f"{category_names[c['category_code']]}：重点联系企业直报出口折合 {c['enterprise_exports']:,.2f} 万元，"
                f"超过地区填报的 {c['region_exports']:,.2f} 万元",
                category_code=int(c["category_code"]),
                enterprise_exports=c["enterprise_exports"],
                region_exports=c["region_exports"],
            )
        )
    both = trade_now.merge(trade_last, on=["region_code", "category_code"], suffixes=("", "_last"))
    for key, label in (("exports", "出口额"), ("imports", "进口额")):
        last = both[f"{key}_last"]
        high = (last > 0) & (both[key] > config.tenfold * last)
        low = (last > 0) & (both[key] > 0) & (both[key] * config.tenfold < last)
        for _, t in both[high | low].iterrows():
            ratio = t[key] / t[f"{key}_last"]
            out.append(
                _w(
                    t["region_code"],
                    names[t["region_code"]],
                    period,
                    "tenfold",
                    f"{category_names[t['category_code']]}{label} {t[key]:,.2f} 万元，"
                    f"为上季度 {t[f'{key}_last']:,.2f} 万元的 "
                    f"{ratio:.2f} 倍，请核对单位（元/万元/亿元）",
                    category_code=int(t["category_code"]),
                    measure=key,
                    amount=t[key],
                    previous=t[f"{key}_last"],
                    ratio=ratio,
                )
            )
    n = config.experience_quiet_quarters
    if period_seq >= n:
        recent = (
            set(items.loc[items["first_seq"] > period_seq - n, "region_code"]) if not items.empty else set()
        )
        for code, name in names.items():
            if code not in recent:
                out.append(
                    _w(
                        code,
                        name,
                        period,
                        "experience_quiet",
                        f"连续 {n} 个季度没有报送新的经验案例",
                        quarters=n,
                    )
                )
    order = {code: i for i, code in enumerate(table["region_code"])}
    return sorted(out, key=lambda w: (order[w["region_code"]], list(RULES).index(w["rule"])))

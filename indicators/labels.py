"""Chinese names of the indicator fields, for pages, exported workbooks and docs."""
from reference import load_catalog

LABELS = {
    "region": "试点地区", "region_code": "地区代码", "submitted": "已报送", "score": "综合得分", "rank": "排名", "rank_change": "排名变化",
    "previous_rank": "上季度排名",
    "tasks_total": "承担任务（项）", "tasks_completed": "已完成任务（项）", "task_completion_rate": "任务完成率",
    "tasks_with_completed_measure": "有举措完成的任务（项）", "tasks_with_completed_measure_share": "有举措完成的任务占比",
    "measures_listed": "具体举措（项）", "measures_completed": "已完成举措", "measures_in_progress": "推进中举措",
    "measures_not_started": "未启动举措", "measure_completion_rate": "举措完成率", "on_time_completed": "按期完成举措",
    "on_time_rate": "按期完成率", "overdue_measures": "逾期未完成举措",
    **{f"area_completion_rate_{k}": f"领域{k}举措完成率" for k in load_catalog().areas},
    "opening_applicable": "适用开放举措", "opening_landed": "已落地开放举措", "opening_landing_rate": "开放举措落地率",
    "opening_days_to_land": "平均落地天数",
    "exports": "出口额（万元）", "imports": "进口额（万元）", "trade_total": "进出口总额（万元）", "balance": "差额（万元）",
    "export_base": "出口同比基数（万元）", "import_base": "进口同比基数（万元）", "export_yoy_basis": "同比基数来源",
    "export_yoy": "出口同比", "import_yoy": "进口同比", "total_yoy": "进出口同比",
    "ytd_exports": "年初至今出口（万元）", "ytd_imports": "年初至今进口（万元）", "ytd_total": "年初至今进出口（万元）",
    "ytd_balance": "年初至今差额（万元）", "ytd_quarters": "年初至今季度数", "export_share": "占试点地区出口比重",
    "ki_exports": "知识密集型服务出口（万元）", "ki_export_share": "知识密集型服务出口占比",
    "listed_enterprises": "名录企业（家）", "reporting_enterprises": "直报企业（家）", "direct_report_coverage": "直报覆盖率",
    "enterprise_exports": "企业直报出口（万元）", "enterprise_excess_categories": "企业直报超过地区数据的类别数",
    "experience_items": "累计经验案例（个）", "experience_new": "本季度新增案例", "experience_adopted": "已复制推广案例",
    "adoption_rate": "复制推广率",
    "expected_reports": "应报季度数", "submitted_reports": "已报季度数", "on_time_reports": "按时报送季度数",
    "items": "案例数", "area": "所属领域", "case_type": "案例类型", "category_code": "服务类别代码", "partner": "国家（地区）",
    "late_reports": "逾期报送季度数", "missing_reports": "未报送季度数", "completeness_rate": "报送完整率", "timeliness_rate": "报送及时率",
}


def label(field: str) -> str:
    if field.startswith("contribution_"):
        return f"得分贡献：{LABELS.get(field.removeprefix('contribution_'), field)}"
    return LABELS.get(field, field)

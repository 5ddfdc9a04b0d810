"""The words workbooks and indicators share: progress and landing statuses, case types, enterprise natures."""

NOT_STARTED, IN_PROGRESS, COMPLETED = "未启动", "推进中", "已完成"
PROGRESS_STATUSES = (NOT_STARTED, IN_PROGRESS, COMPLETED)  # 任务进展：进展状态
LANDED, NOT_APPLICABLE = "已落地", "不适用"
MEASURE_STATUSES = (NOT_STARTED, IN_PROGRESS, LANDED, NOT_APPLICABLE)  # 开放便利举措：落地状态
CASE_TYPES = ("制度创新", "经验做法", "最佳实践案例")
ENTERPRISE_NATURES = ("内资", "外资")

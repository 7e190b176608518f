"""Process bottleneck: map the flow, find the causes, choose ideas, pilot them."""

from typing import Any

TEMPLATE: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "title": "流程瓶颈诊断与改善",
        "description": "绘制价值流找出等待与返工，鱼骨图分析根因，投票选出改善点子，再用试点验证。",
        "boards": [
            {
                "kind": "vsm",
                "title": "现状价值流",
                "steps": [
                    {"name": "接收申请", "department": "前台"},
                    {"name": "资料审核", "department": "业务部"},
                    {"name": "部门审批", "department": "管理层"},
                    {"name": "执行处理", "department": "业务部"},
                    {"name": "交付与关闭", "department": "前台"},
                ],
            },
            {
                "kind": "fishbone",
                "title": "瓶颈根因分析",
                "categories": ["人员", "方法", "系统", "政策", "环境", "测量"],
            },
            {"kind": "ideas", "title": "改善点子"},
            {
                "kind": "pilot",
                "title": "改善试点",
                "kpis": [
                    {"name": "端到端处理时长", "unit": "小时", "better": "lower"},
                    {"name": "一次通过率", "unit": "%", "better": "higher", "measure": "rate"},
                ],
            },
        ],
        "goals": [
            {"metric": "端到端处理时长", "unit": "小时", "better": "lower", "horizon": "短期"},
            {"metric": "一次通过率", "unit": "%", "better": "higher", "horizon": "中期"},
        ],
    },
    "en": {
        "title": "Process bottleneck",
        "description": "Map the value stream to find waiting and rework, analyse root causes on a "
        "fishbone, vote for improvement ideas, then prove them in a pilot.",
        "boards": [
            {
                "kind": "vsm",
                "title": "Current value stream",
                "steps": [
                    {"name": "Receive request", "department": "Front desk"},
                    {"name": "Check documents", "department": "Operations"},
                    {"name": "Approve", "department": "Management"},
                    {"name": "Carry out", "department": "Operations"},
                    {"name": "Deliver and close", "department": "Front desk"},
                ],
            },
            {
                "kind": "fishbone",
                "title": "Bottleneck root causes",
                "categories": [
                    "People",
                    "Methods",
                    "Systems",
                    "Policies",
                    "Environment",
                    "Measurement",
                ],
            },
            {"kind": "ideas", "title": "Improvement ideas"},
            {
                "kind": "pilot",
                "title": "Improvement pilot",
                "kpis": [
                    {"name": "End-to-end lead time", "unit": "h", "better": "lower"},
                    {
                        "name": "First-pass yield",
                        "unit": "%",
                        "better": "higher",
                        "measure": "rate",
                    },
                ],
            },
        ],
        "goals": [
            {
                "metric": "End-to-end lead time",
                "unit": "h",
                "better": "lower",
                "horizon": "short term",
            },
            {"metric": "First-pass yield", "unit": "%", "better": "higher", "horizon": "mid term"},
        ],
    },
}

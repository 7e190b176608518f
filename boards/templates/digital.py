"""Digital-transformation fit: where do systems help the process, where do they get in the way."""

from typing import Any

TEMPLATE: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "title": "数字化转型适配度评估",
        "description": "标出每一步用到的系统和手工环节，分析数据、系统与能力上的障碍，挑选值得数字化的改进并试点。",
        "boards": [
            {
                "kind": "vsm",
                "title": "流程与系统现状",
                "steps": [
                    {"name": "数据录入", "department": "业务部", "systems": ["Excel", "ERP"]},
                    {"name": "跨系统核对", "department": "业务部", "systems": ["ERP", "CRM"]},
                    {"name": "审批流转", "department": "管理层", "systems": ["OA", "邮件"]},
                    {"name": "报表汇总", "department": "财务部", "systems": ["Excel"]},
                ],
            },
            {
                "kind": "fishbone",
                "title": "数字化障碍分析",
                "categories": [
                    "数据质量",
                    "系统集成",
                    "流程规范",
                    "人员能力",
                    "组织与激励",
                    "安全合规",
                ],
            },
            {"kind": "ideas", "title": "数字化改进机会"},
            {
                "kind": "pilot",
                "title": "数字化试点",
                "kpis": [
                    {"name": "手工操作占比", "unit": "%", "better": "lower"},
                    {"name": "自动处理率", "unit": "%", "better": "higher", "measure": "rate"},
                    {"name": "单笔处理时长", "unit": "分钟", "better": "lower"},
                ],
            },
        ],
        "goals": [
            {"metric": "手工操作占比", "unit": "%", "better": "lower", "horizon": "中期"},
            {"metric": "单笔处理时长", "unit": "分钟", "better": "lower", "horizon": "短期"},
        ],
    },
    "en": {
        "title": "Digital-transformation fit",
        "description": "Mark the systems and manual work in each step, analyse data, system and "
        "skill barriers, pick the improvements worth digitising and pilot them.",
        "boards": [
            {
                "kind": "vsm",
                "title": "Process and systems today",
                "steps": [
                    {"name": "Enter data", "department": "Operations", "systems": ["Excel", "ERP"]},
                    {
                        "name": "Cross-check systems",
                        "department": "Operations",
                        "systems": ["ERP", "CRM"],
                    },
                    {
                        "name": "Route approvals",
                        "department": "Management",
                        "systems": ["Workflow", "Email"],
                    },
                    {"name": "Compile reports", "department": "Finance", "systems": ["Excel"]},
                ],
            },
            {
                "kind": "fishbone",
                "title": "Barriers to digitising",
                "categories": [
                    "Data quality",
                    "System integration",
                    "Process standards",
                    "Skills",
                    "Organisation and incentives",
                    "Security and compliance",
                ],
            },
            {"kind": "ideas", "title": "Digital opportunities"},
            {
                "kind": "pilot",
                "title": "Digital pilot",
                "kpis": [
                    {"name": "Share of manual work", "unit": "%", "better": "lower"},
                    {
                        "name": "Straight-through rate",
                        "unit": "%",
                        "better": "higher",
                        "measure": "rate",
                    },
                    {"name": "Handling time per case", "unit": "min", "better": "lower"},
                ],
            },
        ],
        "goals": [
            {
                "metric": "Share of manual work",
                "unit": "%",
                "better": "lower",
                "horizon": "mid term",
            },
            {
                "metric": "Handling time per case",
                "unit": "min",
                "better": "lower",
                "horizon": "short term",
            },
        ],
    },
}

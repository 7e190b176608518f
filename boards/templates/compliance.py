"""Compliance and risk: controls along the process, causes of gaps, owners, remediation."""

from typing import Any

TEMPLATE: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "title": "合规与风险管理",
        "description": "沿流程识别风险点与控制措施，分析控制缺陷的原因，明确各部门的合规职责，并跟踪整改成效。",
        "boards": [
            {
                "kind": "vsm",
                "title": "流程与控制点",
                "steps": [
                    {"name": "业务发起", "department": "业务部门"},
                    {"name": "风险评估", "department": "风险管理部"},
                    {"name": "合规审查", "department": "合规部"},
                    {"name": "审批执行", "department": "管理层"},
                    {"name": "监测与报告", "department": "内审部"},
                ],
            },
            {
                "kind": "fishbone",
                "title": "控制缺陷原因",
                "categories": ["制度", "人员", "系统控制", "流程", "外部监管", "监督检查"],
            },
            {
                "kind": "raci",
                "title": "合规职责矩阵",
                "roles": [
                    {"name": "业务部门", "kind": "department"},
                    {"name": "合规部", "kind": "department"},
                    {"name": "风险管理部", "kind": "department"},
                    {"name": "内审部", "kind": "department"},
                    {"name": "管理层", "kind": "department"},
                ],
                "activities": [
                    "识别风险",
                    "评估风险",
                    "设计控制",
                    "执行控制",
                    "监测与报告",
                    "整改跟踪",
                ],
            },
            {"kind": "ideas", "title": "整改措施"},
            {
                "kind": "pilot",
                "title": "整改试点",
                "kpis": [
                    {"name": "控制缺陷数", "unit": "个", "better": "lower"},
                    {"name": "整改按期完成率", "unit": "%", "better": "higher", "measure": "rate"},
                ],
            },
        ],
        "goals": [
            {"metric": "控制缺陷数", "unit": "个", "better": "lower", "horizon": "中期"},
            {"metric": "整改按期完成率", "unit": "%", "better": "higher", "horizon": "短期"},
        ],
    },
    "en": {
        "title": "Compliance and risk",
        "description": "Identify risks and controls along the process, analyse why controls fail, "
        "settle each department's compliance duties and track remediation.",
        "boards": [
            {
                "kind": "vsm",
                "title": "Process and control points",
                "steps": [
                    {"name": "Start the transaction", "department": "Business unit"},
                    {"name": "Assess the risk", "department": "Risk management"},
                    {"name": "Compliance review", "department": "Compliance"},
                    {"name": "Approve and execute", "department": "Management"},
                    {"name": "Monitor and report", "department": "Internal audit"},
                ],
            },
            {
                "kind": "fishbone",
                "title": "Causes of control gaps",
                "categories": [
                    "Policies",
                    "People",
                    "System controls",
                    "Process",
                    "Regulation",
                    "Oversight",
                ],
            },
            {
                "kind": "raci",
                "title": "Compliance RACI",
                "roles": [
                    {"name": "Business unit", "kind": "department"},
                    {"name": "Compliance", "kind": "department"},
                    {"name": "Risk management", "kind": "department"},
                    {"name": "Internal audit", "kind": "department"},
                    {"name": "Management", "kind": "department"},
                ],
                "activities": [
                    "Identify risks",
                    "Assess risks",
                    "Design controls",
                    "Operate controls",
                    "Monitor and report",
                    "Follow up remediation",
                ],
            },
            {"kind": "ideas", "title": "Remediation measures"},
            {
                "kind": "pilot",
                "title": "Remediation pilot",
                "kpis": [
                    {"name": "Control deficiencies", "unit": "count", "better": "lower"},
                    {
                        "name": "Remediation on time",
                        "unit": "%",
                        "better": "higher",
                        "measure": "rate",
                    },
                ],
            },
        ],
        "goals": [
            {
                "metric": "Control deficiencies",
                "unit": "count",
                "better": "lower",
                "horizon": "mid term",
            },
            {
                "metric": "Remediation on time",
                "unit": "%",
                "better": "higher",
                "horizon": "short term",
            },
        ],
    },
}

"""New business from scratch: design the process, the roles and the first measures."""

from typing import Any

TEMPLATE: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "title": "新业务从零设计",
        "description": "从客户旅程出发设计新业务流程，明确各角色职责，收集方案点子，并用试点 KPI 验证新流程。",
        "boards": [
            {"kind": "notes", "title": "客户与价值主张"},
            {
                "kind": "vsm",
                "title": "新业务流程设计",
                "steps": [
                    {"name": "获客与咨询", "department": "市场部"},
                    {"name": "报价与签约", "department": "销售部"},
                    {"name": "交付", "department": "运营部"},
                    {"name": "收款", "department": "财务部"},
                    {"name": "售后服务", "department": "客服部"},
                ],
            },
            {
                "kind": "raci",
                "title": "新业务角色分工",
                "roles": [
                    {"name": "业务负责人", "kind": "role"},
                    {"name": "销售", "kind": "role"},
                    {"name": "运营", "kind": "role"},
                    {"name": "财务", "kind": "role"},
                    {"name": "客服", "kind": "role"},
                ],
                "activities": ["获客与咨询", "报价与签约", "交付", "收款", "售后服务"],
            },
            {"kind": "ideas", "title": "方案点子"},
            {
                "kind": "pilot",
                "title": "新业务试运行",
                "kpis": [
                    {"name": "咨询转化率", "unit": "%", "better": "higher", "measure": "rate"},
                    {"name": "交付周期", "unit": "天", "better": "lower"},
                    {"name": "客户满意度", "unit": "分", "better": "higher"},
                ],
            },
        ],
        "goals": [
            {"metric": "咨询转化率", "unit": "%", "better": "higher", "horizon": "中期"},
            {"metric": "交付周期", "unit": "天", "better": "lower", "horizon": "短期"},
        ],
    },
    "en": {
        "title": "New business from scratch",
        "description": "Design the new process from the customer journey, settle each role's "
        "part, gather ideas, and test the process against pilot KPIs.",
        "boards": [
            {"kind": "notes", "title": "Customers and value proposition"},
            {
                "kind": "vsm",
                "title": "New process design",
                "steps": [
                    {"name": "Attract and advise", "department": "Marketing"},
                    {"name": "Quote and sign", "department": "Sales"},
                    {"name": "Deliver", "department": "Operations"},
                    {"name": "Invoice and collect", "department": "Finance"},
                    {"name": "After-sales service", "department": "Customer service"},
                ],
            },
            {
                "kind": "raci",
                "title": "Roles in the new business",
                "roles": [
                    {"name": "Business owner", "kind": "role"},
                    {"name": "Sales", "kind": "role"},
                    {"name": "Operations", "kind": "role"},
                    {"name": "Finance", "kind": "role"},
                    {"name": "Customer service", "kind": "role"},
                ],
                "activities": [
                    "Attract and advise",
                    "Quote and sign",
                    "Deliver",
                    "Invoice and collect",
                    "After-sales service",
                ],
            },
            {"kind": "ideas", "title": "Design ideas"},
            {
                "kind": "pilot",
                "title": "Trial run",
                "kpis": [
                    {
                        "name": "Enquiry conversion rate",
                        "unit": "%",
                        "better": "higher",
                        "measure": "rate",
                    },
                    {"name": "Delivery lead time", "unit": "d", "better": "lower"},
                    {"name": "Customer satisfaction", "unit": "points", "better": "higher"},
                ],
            },
        ],
        "goals": [
            {
                "metric": "Enquiry conversion rate",
                "unit": "%",
                "better": "higher",
                "horizon": "mid term",
            },
            {
                "metric": "Delivery lead time",
                "unit": "d",
                "better": "lower",
                "horizon": "short term",
            },
        ],
    },
}

"""Cross-department responsibilities: who is responsible, who decides, at every hand-off."""

from typing import Any

TEMPLATE: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "title": "跨部门职责梳理",
        "description": "以 RACI 矩阵为中心，理清每项活动谁负责、谁批准、咨询谁、通知谁，找出交接中的推诿与空白。",
        "boards": [
            {
                "kind": "raci",
                "title": "跨部门 RACI 矩阵",
                "roles": [
                    {"name": "业务部门", "kind": "department"},
                    {"name": "IT 部门", "kind": "department"},
                    {"name": "财务部", "kind": "department"},
                    {"name": "法务合规部", "kind": "department"},
                    {"name": "管理层", "kind": "department"},
                ],
                "activities": [
                    "提出需求",
                    "方案评审",
                    "预算审批",
                    "实施执行",
                    "验收上线",
                    "问题升级",
                ],
            },
            {
                "kind": "vsm",
                "title": "跨部门交接流程",
                "steps": [
                    {"name": "提出需求", "department": "业务部门"},
                    {"name": "方案评审", "department": "IT 部门"},
                    {"name": "预算审批", "department": "财务部"},
                    {"name": "实施执行", "department": "IT 部门"},
                    {"name": "验收上线", "department": "业务部门"},
                ],
            },
            {
                "kind": "fishbone",
                "title": "职责不清的原因",
                "categories": ["职责定义", "沟通机制", "流程衔接", "信息共享", "考核激励"],
            },
            {"kind": "ideas", "title": "协作改进点子"},
        ],
        "goals": [
            {"metric": "跨部门交接等待时间", "unit": "天", "better": "lower", "horizon": "短期"},
            {"metric": "职责争议升级次数", "unit": "次/月", "better": "lower", "horizon": "中期"},
        ],
    },
    "en": {
        "title": "Cross-department responsibilities",
        "description": "Centred on a RACI matrix: settle who is responsible, who approves, who is "
        "consulted and who is informed for each activity, and find the gaps at hand-offs.",
        "boards": [
            {
                "kind": "raci",
                "title": "Cross-department RACI",
                "roles": [
                    {"name": "Business unit", "kind": "department"},
                    {"name": "IT", "kind": "department"},
                    {"name": "Finance", "kind": "department"},
                    {"name": "Legal and compliance", "kind": "department"},
                    {"name": "Management", "kind": "department"},
                ],
                "activities": [
                    "Raise the request",
                    "Review the solution",
                    "Approve the budget",
                    "Implement",
                    "Accept and go live",
                    "Escalate issues",
                ],
            },
            {
                "kind": "vsm",
                "title": "Hand-offs between departments",
                "steps": [
                    {"name": "Raise the request", "department": "Business unit"},
                    {"name": "Review the solution", "department": "IT"},
                    {"name": "Approve the budget", "department": "Finance"},
                    {"name": "Implement", "department": "IT"},
                    {"name": "Accept and go live", "department": "Business unit"},
                ],
            },
            {
                "kind": "fishbone",
                "title": "Why responsibilities are unclear",
                "categories": [
                    "Role definitions",
                    "Communication",
                    "Hand-offs",
                    "Information sharing",
                    "Incentives",
                ],
            },
            {"kind": "ideas", "title": "Collaboration ideas"},
        ],
        "goals": [
            {
                "metric": "Waiting time at hand-offs",
                "unit": "d",
                "better": "lower",
                "horizon": "short term",
            },
            {
                "metric": "Escalated responsibility disputes",
                "unit": "per month",
                "better": "lower",
                "horizon": "mid term",
            },
        ],
    },
}

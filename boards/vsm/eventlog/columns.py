"""Which column holds what: a guess from the header names (Chinese and English exports of
ticket systems and ERPs), for the mapping step to show and the team to correct."""

from __future__ import annotations

import re
import unicodedata

from .model import Mapping

# Field -> header names, most specific first. Compared after normalising (NFKC, lower case,
# no spaces, underscores, dashes or dots), as "Case ID", "case_id" and "CASE-ID" are one name.
NAMES: dict[str, tuple[str, ...]] = {
    "case": (
        "caseid", "case", "caseconceptname", "案例", "案例id", "案例编号", "工单号", "工单编号",
        "工单", "单号", "流程编号", "流程实例", "实例id", "ticketid", "ticket", "orderid",
        "order", "processinstance", "traceid", "trace",
    ),
    "activity": (
        "activity", "conceptname", "activityname", "活动", "活动名称", "环节", "环节名称", "节点",
        "节点名称", "步骤", "任务", "任务名称", "task", "taskname", "step", "event", "eventname",
    ),
    "start": (
        "start", "starttime", "starttimestamp", "startdate", "开始时间", "开始", "开始日期",
        "接收时间", "到达时间", "创建时间", "started", "begin",
    ),
    "complete": (
        "complete", "completetime", "completetimestamp", "completed", "end", "endtime",
        "enddate", "finish", "finished", "finishtime", "timetimestamp", "timestamp", "time",
        "完成时间", "结束时间", "完成", "结束", "处理时间", "办结时间", "时间", "时间戳",
    ),
    "resource": (
        "resource", "orgresource", "user", "performer", "assignee", "handler", "处理人",
        "执行人", "经办人", "办理人", "操作人", "负责人", "资源",
    ),
    "department": (
        "department", "dept", "orggroup", "group", "team", "role", "orgrole", "部门",
        "处理部门", "所属部门", "科室", "组", "班组", "岗位", "角色",
    ),
}  # fmt: skip

_STRIP = re.compile(r"[\s_\-.:：()（）]+")


def normalise(header: str) -> str:
    return _STRIP.sub("", unicodedata.normalize("NFKC", header).casefold())


def guess(headers: list[str]) -> Mapping:
    """The best guess for each field; a column is used for one field only. Without a case or
    activity column found, the first two columns stand in (the team corrects them)."""
    keys = [normalise(h) for h in headers]
    taken: set[int] = set()
    found: dict[str, str | None] = {}
    for field, names in NAMES.items():
        index = next(
            (keys.index(n) for n in names if n in keys and keys.index(n) not in taken), None
        )
        if index is None:  # "案例编号(系统)" or "Case ID (SAP)": the name inside a longer one
            index = next(
                (
                    i
                    for name in names
                    if len(name) >= 2
                    for i, key in enumerate(keys)
                    if name in key and i not in taken
                ),
                None,
            )
        found[field] = None if index is None else headers[index]
        if index is not None:
            taken.add(index)
    rest = [h for i, h in enumerate(headers) if i not in taken]
    case = found["case"] or (rest.pop(0) if rest else (headers[0] if headers else ""))
    activity = found["activity"] or (rest.pop(0) if rest else case)
    return Mapping(
        case=case,
        activity=activity,
        start=found["start"],
        complete=found["complete"],
        resource=found["resource"],
        department=found["department"],
    )

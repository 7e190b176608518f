"""The outcome as Markdown that pastes into a wiki or a chat: headings, lists and
well-formed pipe tables.

Every text that reaches the document -- user text and catalog text alike -- goes through
:func:`text`: one line, HTML as character references (a renderer that lets raw HTML through
then shows ``<script>`` as text), and Markdown's active characters backslash-escaped (no
link, image, emphasis or code span can be smuggled in, and ``|`` cannot split a cell)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from .report import build

# Inline syntax anywhere in a line (escapes, code, emphasis, links and images via ``[``,
# headings' closing ``#``, strikethrough, cell borders); ``&``, ``<`` and ``>`` become
# character references instead. Block syntax only matters at the start: see ``LEADING``.
ACTIVE = "\\`*_[]#|~"
LEADING = re.compile(r"^(?:([-+])(?= |$)|(\d{1,9})(?=[.)](?: |$)))")


def cell(value: Any) -> str:
    return text(value) or " "


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = [
        "| " + " | ".join(cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def text(value: Any) -> str:
    """Free text on one line, shown as written and never as markup."""
    flat = " ".join(("" if value is None else str(value)).split())
    out = "".join("\\" + ch if ch in ACTIVE else ch for ch in html.escape(flat, quote=False))
    # "- x", "+ x", "1. x" would open a list where the text follows a list marker
    return LEADING.sub(lambda m: "\\" + m[1] if m[1] else m[2] + "\\", out)


def render_markdown(snapshot: dict[str, Any]) -> str:
    ctx = build(snapshot)
    t, cover, s = ctx["t"], ctx["cover"], ctx["summary"]
    out = [f"# {text(cover['title'])}", ""]
    facts = [
        (t("cover.boundary"), cover["boundary"]),
        (t("cover.status"), f"{cover['status']} · {cover['phase']}"),
        (t("cover.created"), cover["dates"]),
        *(
            (t("cover.pilot"), f"{p['name']}: {p['dates']}" if p["name"] else p["dates"])
            for p in cover["pilots"]
        ),
        (t("cover.exported"), cover["exported"]),
    ]
    if cover["process"]:
        out += [f"**{text(cover['process'])}**", ""]
    out += [f"- {label}: {text(value)}" for label, value in facts if value] + [""]
    out += _a3(t, ctx["a3"])
    out += [f"## {t('summary.title')}", ""]
    if s["comparison"]:
        out += [f"### {t('summary.key_metrics')}", ""]
        out += table(
            [t("col.metric"), t("vsm.state.current"), t("vsm.state.future"), t("col.change")],
            [[r["label"], r["current"], r["future"], r["change"]] for r in s["comparison"]],
        )
    if s["causes"]:
        out += [f"### {t('summary.root_causes')}", ""]
        out += [
            f"{i}. {text(c['text'])}"
            + (f" ({t('fishbone.root')})" if c["root"] else "")
            + (
                f" — {t('summary.cause_count', count=c['count'], share=c['share'])}"
                if c["count"]
                else ""
            )
            for i, c in enumerate(s["causes"], 1)
        ] + [""]
    if s["ideas"]:
        out += [f"### {t('summary.chosen_ideas')}", ""]
        out += [
            f"{i}. {text(r['title'])} — {t('ideas.dots_n', n=r['dots'])}"
            for i, r in enumerate(s["ideas"], 1)
        ] + [""]
    if s["kpis"]:
        out += [f"### {t('summary.pilot')}", ""]
        out += table(
            [
                t("col.kpi"),
                t("pilot.baseline"),
                t("pilot.mean"),
                t("col.change"),
                t("pilot.target"),
                t("pilot.verdict"),
            ],
            [
                [k["name"], k["baseline"], k["mean"], k["change"], k["target"], k["verdict"]]
                for k in s["kpis"]
            ],
        )
    if s["rollout"]:
        out += [f"### {t('summary.rollout')}", ""]
        for r in s["rollout"]:
            out += [f"- {text(r['decision'])}"]
            out += [f"  - **{text(r['relapse'])}**"] if r["relapse"] else []
            out += [f"  - {text(r['sustain'])}"] if r["sustain"] else []
        out += [""]
    if s["goals"]:
        out += [f"### {t('summary.goals')}", ""]
        out += table(
            [
                t("col.goal"),
                t("pilot.baseline"),
                t("pilot.target"),
                t("goal.current"),
                t("goal.deadline"),
                "SMART",
                t("goal.status_title"),
            ],
            [
                [
                    g["metric"],
                    g["baseline"],
                    g["target"],
                    g["current"],
                    g["deadline"],
                    " ".join(f"{x['letter']} {'✓' if x['ok'] else '✗'}" for x in g["letters"]),
                    g["status_label"],
                ]
                for g in s["goals"]
            ],
        )
        checked = [(g, x) for g in s["goals"] for x in g["letters"]]
        if checked:
            out += [f"#### {t('smart.title')}", ""]
            out += table(
                [t("col.goal"), t("smart.col.letter"), t("smart.col.reason")],
                [
                    [
                        g["metric"],
                        f"{x['letter']} {'✓' if x['ok'] else '✗'} {x['name']}",
                        x["reason"],
                    ]
                    for g, x in checked
                ],
            )
    if ctx["chain"]:
        out += [f"## {t('chain.title')}", ""]
        out += table(
            [t("chain.cause"), t("chain.idea"), t("chain.owner"), t("chain.goal")],
            [
                [r["cause"] or "–", r["idea"], r["owners"] or "–", r["goals"] or "–"]
                for r in ctx["chain"]
            ],
        )
        for p in ctx["chain_pilots"]:
            out += [f"### {text(t('chain.pilot', name=p['name']))}", ""]
            if p["ideas"]:
                out += [text(t("chain.tested_together", ideas=p["ideas"])), ""]
            out += [
                f"- {text(k['name'])}: {k['result']} ({k['change']}, {k['verdict']})"
                for k in p["kpis"]
            ] + [""]
    out += _actions(t, ctx["actions"])
    if ctx["not_started"]:
        # the boards with no data yet, one line each (the PDF's summary lists them too)
        out += [f"## {t('not_started.title')}", ""]
        out += [
            f"- {text(s['title'])}{t('not_started.sep')}{text(s['missing'])}"
            for s in ctx["not_started"]
        ] + [""]
    out += _findings(t, [s for s in ctx["sections"] if not s["collapsed"]])
    return "\n".join(out).rstrip() + "\n"


def _a3(t: Any, a: dict[str, Any]) -> list[str]:
    """The A3 page as the wiki's first part: the same sentences, lists and flags."""
    out = [f"## {text(t('a3.title'))}", ""]
    for key, body in (
        ("a3.background", a["background"]["text"]),
        ("a3.problem", a["problem"]["text"]),
        ("a3.current", a["current"]["text"]),
    ):
        out += [f"**{t(key)}**: {text(body)}", ""]
    goals = [g["text"] for g in a["goals"]["rows"]] or [a["goals"]["missing"]]
    causes = [
        f"{c['text']} — {c['evidence']}" if c["evidence"] else c["text"]
        for c in a["causes"]["rows"]
    ]
    out += [f"**{t('a3.goals')}**", ""] + [f"- {text(g)}" for g in goals] + [""]
    out += [f"**{t('a3.causes')}**: {text(a['causes']['lead'])}", ""]
    out += [f"- {text(c)}" for c in causes] + ([""] if causes else [])
    out += [f"**{t('a3.actions')}**", ""]
    if a["actions"]["rows"]:
        out += table(
            [t("a3.col.what"), t("a3.col.owner"), t("a3.col.due"), t("a3.col.status")],
            [
                [i["what"], i["owner"] or t("a3.no_owner"), i["due"] or t("a3.no_due"), i["status"]]
                for i in a["actions"]["rows"]
            ],
        )
    else:
        out += [text(a["actions"]["missing"]), ""]
    if a["actions"]["uncovered"]:
        out += [text(a["actions"]["uncovered"]), ""]
    results = a["results"]
    out += [f"**{t('a3.designed')}**", ""]
    out += [f"- {text(d['label'])}: {text(d['text'])}" for d in results["designed"]] or ["- –"]
    out += ["", f"**{t('a3.measured')}**: {text(results['note'])}", ""]
    out += [
        f"- {text(k['name'])}: {text(k['figures'])} — {text(k['verdict'])}" for k in results["kpis"]
    ]
    if results["tested"]:
        out += ["", text(t("a3.tested_together", ideas=results["tested"]))]
    if results["sustain"]:
        out += ["", f"**{t('a3.sustain')}**", ""]
        out += [f"- {text(r['name'])}: {text(r['text'])}" for r in results["sustain"]]
    out += ["", f"**{t('a3.decision_needed')}**: {text(a['decision_needed']['text'])}", ""]
    out += [f"**{t('a3.next_steps')}**: {text(a['next_steps']['text'])}", ""]
    return out


def _actions(t: Any, chapter: dict[str, Any] | None) -> list[str]:
    """Who does what by when, then what is still owed (as the report's Actions chapter)."""
    if chapter is None:
        return []
    out = [f"## {t('actions.title')}", ""]
    if chapter["rows"]:
        out += table(
            [t("actions.col.what"), t("actions.col.owner"), t("actions.col.due"),
             t("actions.col.status")],
            [
                [
                    a["what"],
                    a["owner"] + (f" ({a['department']})" if a["department"] else ""),
                    (a["due"] or "–") + (f" ({t('actions.overdue')})" if a["overdue"] else ""),
                    a["status"],
                ]
                for a in chapter["rows"]
            ],
        )  # fmt: skip
    else:
        out += [t("actions.none"), ""]
    if chapter["warnings"]:
        out += [f"### {t('actions.warnings')}", ""]
        out += [f"- {text(item)}" for item in chapter["warnings"]] + [""]
    return out


def _findings(t: Any, sections: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for sec in sections:
        # whatever the kind: findings (text, or a dict with a severity, as the report's
        # ``findings`` macro takes them) and warnings
        findings = [f["text"] if isinstance(f, dict) else f for f in sec.get("findings", [])]
        items = findings + sec.get("warnings", [])
        if items:
            out += [f"## {t('findings.title')}: {text(sec['title'])}", ""]
            out += [f"- {text(item)}" for item in items] + [""]
        if sec.get("stale") or sec.get("ignored"):
            out += [f"## {t('read.title')}: {text(sec['title'])}", ""]
            out += [
                f"- {text(item)}" for item in [sec.get("stale"), *sec.get("ignored", [])] if item
            ]
            out += [""]
    return out

"""Dates of a workshop as an iCalendar file (RFC 5545) that Outlook, DingTalk, Feishu and
Google Calendar import: all-day events, one per date a team commits to (a wave's go-live, an
action's due date). Built with ``icalendar``; the text is the user's, bounded and cleaned of
control characters, so any board content makes a valid file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

PRODID = "-//Obeya//Workshop calendar//EN"
MAX_SUMMARY = 250
MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across exports, so re-importing updates instead of duplicating
    start: date
    summary: str
    end: date | None = None  # inclusive last day; None: a one-day event
    description: str = ""


def _clean(text: str, limit: int) -> str:
    printable = "".join(ch if ch >= " " or ch in "\n\t" else " " for ch in text)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


def ics(events: Iterable[CalendarEvent], *, name: str, stamp: datetime, domain: str) -> bytes:
    """The events as one calendar named ``name``; ``stamp`` is the export time (DTSTAMP),
    ``domain`` makes the UIDs globally unique (``<uid>@<domain>``)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # one line: icalendar escapes line breaks in TEXT values, not in this X- property
    cal.add("x-wr-calname", _clean(" ".join(name.split()), MAX_SUMMARY))
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        last = item.end if item.end is not None and item.end >= item.start else item.start
        event.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
        event.add("summary", _clean(item.summary, MAX_SUMMARY))
        if item.description:
            event.add("description", _clean(item.description, MAX_DESCRIPTION))
        cal.add_component(event)
    return cal.to_ical()

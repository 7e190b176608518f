"""The iCalendar writer: valid, all-day, stable UIDs, any text survives."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from exports.calendar import CalendarEvent, ics

STAMP = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_all_day_events_round_trip() -> None:
    data = ics(
        [
            CalendarEvent("w1-golive", date(2027, 1, 4), "上线：客服一部"),
            CalendarEvent(
                "w2", date(2027, 1, 11), "Wave 2", end=date(2027, 1, 15), description="x"
            ),
        ],
        name="推广计划",
        stamp=STAMP,
        domain="obeya.test",
    )
    cal = Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == ["w1-golive@obeya.test", "w2@obeya.test"]
    assert events[0].decoded("dtstart") == date(2027, 1, 4)
    assert events[0].decoded("dtend") == date(2027, 1, 5)  # exclusive end of an all-day event
    assert events[1].decoded("dtend") == date(2027, 1, 16)
    assert str(events[0]["summary"]) == "上线：客服一部"
    assert str(cal["x-wr-calname"]) == "推广计划"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.text(max_size=3000))
def test_any_text_makes_a_valid_calendar(summary: str, description: str) -> None:
    data = ics(
        [CalendarEvent("a", date(2027, 2, 1), summary, description=description)],
        name=summary,
        stamp=STAMP,
        domain="obeya.test",
    )
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert len(str(event["summary"])) <= 250

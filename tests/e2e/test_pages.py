"""The main pages end to end: creating a workshop, facilitator controls, phones, speed."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.support.server import Server

from .conftest import Contexts
from .helpers import Workshop, create_workshop, join, open_board, shot

pytestmark = pytest.mark.e2e


def test_start_page_creates_a_workshop_and_its_facilitator(
    live_server: Server, people: Contexts
) -> None:
    page = people.page()
    page.goto(live_server.url + "/")
    page.get_by_label("Workshop title").fill("Faster onboarding")
    page.get_by_label("Process in scope").fill("Employee onboarding")
    page.locator("#ws-from").fill("offer signed")
    page.locator("#ws-to").fill("first productive day")
    page.get_by_label("Your name").fill("Mei Lin")
    page.get_by_role("button", name="Create workshop").click()
    # A co-facilitator link is offered once, with a copy button, before the workshop opens.
    created = page.get_by_role("dialog", name="Workshop created")
    co = created.get_by_test_id("co-facilitator")
    expect(co).to_contain_text("Co-facilitator link")
    co_link = co.locator("input").input_value()
    assert re.search(r"/w/\w+/join#[\w-]{32}$", co_link), co_link
    expect(co.get_by_role("button", name="Copy")).to_be_visible()
    shot(page, "start-co-facilitator")
    created.get_by_role("button", name="Open the workshop").click()
    expect(page.get_by_test_id("workshop-title")).to_have_text("Faster onboarding")
    expect(page.locator(".page-sub")).to_contain_text("From offer signed to first productive day")
    expect(page.locator(".me-chip")).to_contain_text("Mei Lin")
    expect(page.get_by_text("No boards yet")).to_be_visible()
    # Add a first board.
    page.get_by_test_id("add-board").click()
    shot(page, "home-add-board")
    # The loop starts with mapping the process: the value-stream map is offered first.
    expect(page.locator(".kind-option:has(input[value=vsm])")).to_have_class(re.compile("selected"))
    page.locator(".kind-option:has(input[value=notes])").click()
    expect(page.locator(".kind-option:has(input[value=notes])")).to_have_class(
        re.compile("selected")
    )
    page.get_by_label("Title").fill("Kick-off notes")
    page.get_by_role("button", name="Create board").click()
    expect(page.get_by_test_id("board-title")).to_have_text("Kick-off notes")
    expect(page.locator(".board-page [data-status=live]")).to_be_visible()
    expect(page.get_by_test_id("add-sticky")).to_be_visible()

    # The co-facilitator link opens the workshop as a facilitator elsewhere.
    co_page = people.page()
    join(co_page, co_link, "Kai Co")
    expect(co_page.get_by_test_id("open-invites")).to_be_visible()
    # Once it is revoked, the creator's link is the last one: no revoke button, a reason.
    page.goto(co_link.split("/join#")[0])
    page.get_by_test_id("open-invites").click()
    dialog = page.get_by_role("dialog")
    rows = dialog.locator(".invite[data-role=facilitator]")
    expect(rows).to_have_count(2)
    # The server shows both facilitator links again; the co-facilitator's is among them.
    expect(rows.locator(".copy-field input")).to_have_count(2)
    shown = [rows.nth(i).locator("input").input_value() for i in range(2)]
    assert co_link in shown
    co_row = rows.nth(shown.index(co_link))
    co_row.get_by_role("button", name="Revoke").click()
    dialog.locator(".confirm-inline").get_by_role("button", name="Revoke").click()
    expect(rows.locator(".chip")).to_have_text(["Revoked"])
    expect(dialog.get_by_test_id("last-facilitator")).to_have_text(
        "The last facilitator link cannot be revoked: create another facilitator link first."
    )
    expect(
        dialog.locator(".invite[data-role=facilitator] .invite-meta .btn-danger-text")
    ).to_have_count(0)


def test_facilitator_controls_reach_participants(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    notes = workshop.board("notes")
    lead, member = people.page(), people.page()
    join(lead, workshop.facilitator_link, "Fay Facilitator")
    join(member, workshop.invite_link("editor"), "Eddie Editor")

    # Phase: the facilitator moves it, everyone's stepper follows.
    lead.get_by_role("button", name="Move the workshop to: Design").click()
    expect(member.get_by_test_id("phase-chip")).to_have_text("Design", timeout=1000)
    expect(member.get_by_test_id("phase-desc")).to_contain_text("improvement ideas")

    # Timer: everyone sees the countdown.
    lead.get_by_role("button", name="5 min", exact=True).click()
    expect(member.locator(".timer-badge")).to_be_visible(timeout=1000)
    expect(member.locator(".timer-badge .timer-clock")).to_have_text(re.compile(r"^[45]:\d\d$"))
    shot(lead, "home-timer-running", full_page=False)

    # Invitations: a pilot link with its QR code; revoking works.
    lead.get_by_test_id("open-invites").click()
    lead.get_by_test_id("create-invite-pilot").click()
    dialog = lead.get_by_role("dialog")
    expect(dialog.locator("svg.qr")).to_be_visible()
    pilot_link = dialog.locator(".invite[data-role=pilot] input").first.input_value()
    assert "/p/" in pilot_link and "#" in pilot_link
    shot(lead, "invites-dialog", full_page=False)
    lead.get_by_test_id("create-invite-viewer").click()
    viewer_row = dialog.locator(".invite[data-role=viewer]").first
    viewer_link = viewer_row.locator("input").input_value()
    viewer_row.get_by_role("button", name="Revoke").click()
    dialog.locator(".confirm-inline").get_by_role("button", name="Revoke").click()
    expect(dialog.locator(".invite[data-role=viewer] .chip")).to_have_text("Revoked")
    lead.keyboard.press("Escape")
    revoked = people.page()
    revoked.goto(viewer_link)
    expect(revoked.get_by_text("This link does not work")).to_be_visible()

    # The pilot link on a phone: join, land on the pilot page.
    phone = people.page(width=360, height=740)
    join(phone, pilot_link, "Pia Pilot", screenshot="join-pilot-phone")
    expect(phone).to_have_url(re.compile(r"/p/"))
    expect(phone.locator(".pilot-page")).to_be_visible()
    shot(phone, "pilot-phone")
    # Its workshop address is the pilot page, with only the boards a pilot link opens (the
    # pilot and the roll-out's sustain readings); others say why they do not.
    phone.goto(workshop.home_url)
    expect(phone.locator(".pilot-page")).to_be_visible()
    expect(phone.locator(".pilot-page h2")).to_have_text(
        [workshop.board("pilot")["title"], workshop.board("rollout")["title"]]
    )
    phone.goto(workshop.board_url(workshop.board("vsm")["id"]))
    expect(
        phone.get_by_role("heading", name="This board is not open to your role.")
    ).to_be_visible()

    # Follow me: the member is taken to the facilitator's board.
    open_board(lead, workshop, notes["id"])
    lead.get_by_role("button", name="Follow me").click()
    expect(member.get_by_test_id("board-title")).to_have_text(notes["title"], timeout=2000)
    expect(member.locator(".banner-follow")).to_be_visible()
    vsm = workshop.board("vsm")
    lead.goto(workshop.board_url(vsm["id"]))
    expect(member.get_by_test_id("board-title")).to_have_text(vsm["title"], timeout=3000)
    shot(member, "board-placeholder-following")
    member.get_by_role("button", name="Stop following").click()
    expect(member.locator(".banner-follow")).to_have_count(0)


def test_pages_work_at_phone_width(live_server: Server, people: Contexts) -> None:
    workshop = create_workshop(live_server)
    phone = people.page(width=360, height=740)
    join(phone, workshop.invite_link("editor"), "Pat Phone")
    shot(phone, "home-phone")
    # Nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    open_board(phone, workshop, workshop.board("notes")["id"])
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "board-notes-phone")
    phone.goto(workshop.server.url + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    shot(phone, "start-phone")


def test_keyboard_reaches_controls_with_visible_focus(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    page = people.page()
    join(page, workshop.facilitator_link, "Kim Keys")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const el = document.activeElement;
            const s = getComputedStyle(el);
            const label = el.getAttribute('aria-label') || (el.labels && el.labels[0]
                ? el.labels[0].textContent : '') || el.textContent || el.getAttribute('title') || '';
            return {label: label.trim().slice(0, 40), tag: el.tagName,
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 ||
                             s.boxShadow !== 'none'}; }""")
        assert focused["outline"], f"no visible focus on {focused['label']!r}"
        assert focused["label"], f"a focusable {focused['tag']} without a label"
        seen.add(focused["label"])
    assert {"Invite people", "Finish workshop"} <= seen or "Add board" in " ".join(seen)


def test_demo_board_is_interactive_within_a_second(
    live_server: Server, people: Contexts, perf_record: dict[str, object]
) -> None:
    """From navigation to a board that is live and editable: cold (empty HTTP cache, a new
    browser profile that already holds its participant token) and warm (reloads)."""
    workshop = create_workshop(live_server)
    notes = workshop.board("notes")
    status, joined = live_server.request(
        "POST", "/api/join", {"token": _invite_token(workshop, "editor"), "display_name": "Tia"}
    )
    assert status == 201, joined
    membership = {
        "token": joined["token"],
        "role": "editor",
        "participant_id": joined["participant_id"],
        "display_name": "Tia",
        "joined_at": "2026-01-01T00:00:00Z",
    }
    page = people.page()
    page.context.add_init_script(
        f"localStorage.setItem('obeya.membership.{workshop.id}', {json.dumps(json.dumps(membership))})"
    )
    ready = """() => document.querySelector('.board-page [data-status=live]')
        && document.querySelector('.notes-textarea:not([readonly])')
        && document.querySelector('.sticky-text')"""
    timings = []
    for _ in range(4):
        start = time.perf_counter()
        page.goto(workshop.board_url(notes["id"]))
        page.wait_for_function(ready, polling=10)
        timings.append(round((time.perf_counter() - start) * 1000))
    cold, warm = timings[0], min(timings[1:])
    perf_record["board_interactive_ms"] = {"cold": cold, "warm_runs": timings[1:], "warm": warm}
    print(f"notes board live and editable after {cold} ms cold, {timings[1:]} ms warm")
    assert cold < 1000 and warm < 1000, timings


def _invite_token(workshop: Workshop, role: str) -> str:
    return workshop.invite_link(role).rsplit("#", 1)[1]


def test_a_pilot_phone_downloads_only_the_pilot_view(
    live_server: Server, people: Contexts, perf_record: dict[str, object]
) -> None:
    """Board views are separate chunks: the phone behind the pilot link fetches the shell and
    the pilot view, none of the other boards' code, and the shared chunks are preloaded."""
    workshop = create_workshop(live_server)
    html = people.page()
    html.goto(live_server.url + "/")
    preloads = html.locator("link[rel=modulepreload]").evaluate_all(
        "links => links.map(l => l.getAttribute('href'))"
    )
    assert preloads and all(re.fullmatch(r"/static/app/chunks/[\w-]+\.js", p) for p in preloads)

    phone = people.page(width=390, height=844)
    scripts: dict[str, int] = {}
    phone.on(
        "response",
        lambda r: (
            scripts.__setitem__(r.url.split("/static/app/", 1)[1], len(r.body()))
            if "/static/app/" in r.url and ".js" in r.url
            else None
        ),
    )
    join(phone, workshop.invite_link("pilot"), "Pia Pilot")
    expect(phone.get_by_test_id("pilot-participant")).to_be_visible()
    names = sorted(scripts)
    assert any(n.startswith("chunks/pilot-") for n in names), names
    for other in ("vsm", "fishbone", "raci", "ideas", "notes"):
        assert not any(n.startswith(f"chunks/{other}-") for n in names), names
    perf_record["pilot_page_js_bytes"] = sum(scripts.values())
    print(f"pilot phone page: {len(names)} scripts, {sum(scripts.values()) // 1024} KiB")


def test_a_view_that_cannot_be_fetched_says_so_and_reload_recovers(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server)
    vsm = workshop.board("vsm")
    page = people.page()
    join(page, workshop.facilitator_link, "Fay Facilitator")
    page.route(re.compile(r".*/chunks/vsm-[\w-]+\.js"), lambda route: route.abort())
    page.goto(workshop.board_url(vsm["id"]))
    failed = page.get_by_test_id("view-load-failed")
    expect(failed).to_contain_text("could not be loaded")
    page.unroute(re.compile(r".*/chunks/vsm-[\w-]+\.js"))
    failed.get_by_role("button", name="Reload").click()
    expect(page.locator(".board-page [data-status=live]")).to_be_visible()
    expect(page.get_by_test_id("view-load-failed")).to_have_count(0)
    expect(page.get_by_test_id("vsm-view")).to_be_visible()

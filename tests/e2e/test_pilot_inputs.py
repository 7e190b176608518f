"""The pilot evaluation's inputs in the browser: the facilitator sets a KPI's baseline as a
sample of pre-pilot readings (pasted as a column), a phone sends a rate KPI's reading as
counts, and the facilitator corrects and withdraws readings with a reason; the verdict on
the board follows each step."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.server import Server
from tests.support.workshop import Setup

from .conftest import Contexts
from .helpers import Workshop, create_workshop, join, open_board, shot
from .test_pilot import board_state, eventually, facilitator_on_pilot, participant

pytestmark = pytest.mark.e2e
SECOND = 1000
SAMPLE = [31, 29.5, 33, 30, 32.5, 28, 31.5, 30.5]


def kpi(workshop: Workshop, board_id: str, name: str) -> dict[str, Any]:
    kpis = board_state(workshop, board_id)["snapshot"]["kpis"]
    return next(dict(k) for k in kpis if k["name"] == name)


def evaluation(workshop: Workshop, board_id: str, kpi_id: str) -> dict[str, Any]:
    kpis = board_state(workshop, board_id)["analysis"]["kpis"]
    return next(dict(k) for k in kpis if k["kpi_id"] == kpi_id)


def send_value(phone: Page, kpi_name: str, value: str) -> None:
    phone.get_by_test_id("reading-form").get_by_text(kpi_name, exact=True).click()
    phone.get_by_test_id("reading-form").get_by_text("East service centre", exact=True).click()
    phone.locator("#pilot-value").fill(value)
    phone.get_by_test_id("send-reading").click()
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "sent")


def test_baseline_sample_counts_from_a_phone_and_a_withdrawn_reading_change_the_verdict(
    live_server: Server, people: Contexts
) -> None:
    workshop = create_workshop(live_server, language="en")
    lead, board_id = facilitator_on_pilot(people, workshop, "en-US")

    # A new KPI, its baseline a sample of pre-pilot readings pasted from a spreadsheet.
    editors = lead.locator(".pilot-kpi-edit")
    before = set(editors.evaluate_all("(els) => els.map((e) => e.dataset.kpiId)"))
    lead.get_by_test_id("add-kpi").click()
    expect(editors).to_have_count(len(before) + 1)
    (kpi_id,) = set(editors.evaluate_all("(els) => els.map((e) => e.dataset.kpiId)")) - before
    editor = lead.locator(f".pilot-kpi-edit[data-kpi-id='{kpi_id}']")
    lead.locator(f"#kpi-{kpi_id}-name").fill("Callback time")
    lead.locator(f"#kpi-{kpi_id}-unit").fill("min")
    lead.locator(f"#kpi-{kpi_id}-target").fill("25")
    editor.get_by_text("Pre-pilot readings", exact=True).click()
    sample = editor.locator(f"#kpi-{kpi_id}-sample")
    sample.fill("31\n29.5\n33 min\n30")
    status = editor.get_by_test_id("sample-status")
    expect(status).to_contain_text("Not a number: min")  # "33 min" is two pieces
    expect(editor.get_by_test_id("save-sample")).to_be_disabled()
    sample.fill("\n".join(str(v) for v in SAMPLE))
    expect(status).to_contain_text("8 values · mean 30.8")
    editor.get_by_test_id("save-sample").click()
    eventually(lambda: kpi(workshop, board_id, "Callback time")["baseline_sample"] == SAMPLE)
    editor.locator(f"#kpi-{kpi_id}-shape").select_option("normal")
    eventually(lambda: kpi(workshop, board_id, "Callback time")["shape"] == "normal")
    assert kpi(workshop, board_id, "Callback time")["alternative"] == "two-sided"
    editor.scroll_into_view_if_needed()
    shot(lead, "pilot-kpi-baseline-sample", full_page=False)

    row = lead.get_by_test_id("evaluation").locator(f'[data-kpi-id="{kpi_id}"]')
    expect(row.get_by_test_id("eval-baseline")).to_contain_text("30.75 min")
    expect(row.get_by_test_id("eval-baseline")).to_contain_text("mean of 8 pre-pilot readings")
    expect(row).to_have_attribute("data-verdict", "not_testable")
    expect(row.get_by_test_id("eval-words")).to_contain_text("0 readings: at least 3")

    # A phone sends three readings of it, and a rate KPI's reading as counts.
    phone = participant(people, workshop, "en-US", "Pia Pilot")
    for value in ("22", "24", "23"):
        send_value(phone, "Callback time", value)
    phone.get_by_test_id("reading-form").get_by_text("Repeat complaint rate", exact=True).click()
    counts_hint = phone.get_by_test_id("counts-hint")
    expect(counts_hint).to_contain_text("enter 4 and 31")
    phone.locator("#pilot-numerator").fill("40")
    phone.locator("#pilot-denominator").fill("31")
    expect(counts_hint).to_contain_text("The count cannot be larger than the total.")
    phone.get_by_test_id("send-reading").click()
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "refused")
    phone.locator("#pilot-numerator").fill("4")
    expect(counts_hint).to_contain_text("= 12.9 %")
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "pilot-participant-counts")
    phone.get_by_test_id("send-reading").click()
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "sent")
    arrived = phone.locator("[data-testid=my-submissions] [data-state=arrived]").first
    expect(arrived).to_contain_text("Repeat complaint rate: 4 of 31 (12.9 %)")
    readings = board_state(workshop, board_id)["snapshot"]["readings"]
    counted = [
        r for r in readings if r["kpi_id"] == "repeat_rate" and r["display_name"] == "Pia Pilot"
    ]
    assert len(counted) == 1 and counted[0]["denominator"] == 31
    assert counted[0]["value"] == pytest.approx(4 / 31 * 100)

    # Three readings against the sample: Welch's t-test (declared normal) decides.
    expect(row).to_have_attribute("data-verdict", "significant_improvement", timeout=3 * SECOND)
    result = evaluation(workshop, board_id, str(kpi_id))
    assert result["test"] == "welch_t" and result["readings"] == 3
    test = row.get_by_test_id("eval-test")
    expect(test).to_contain_text("Welch's t-test · values declared normal · two-sided")
    low, high = (f"{v:.1f}".replace("-", "−") for v in (result["ci_low"], result["ci_high"]))
    expect(test).to_contain_text(f"95 % CI of the change {low} to {high} min")
    expect(row.get_by_test_id("eval-change")).to_contain_text("−7.8 min")
    expect(row.get_by_test_id("eval-attainment")).to_contain_text("% of the way")
    lead.get_by_test_id("edit-definition").click()  # close the editor: the board as it reads

    # The facilitator corrects one reading and withdraws another, each with a reason.
    lead.locator(".pilot-readings summary").click()
    table = lead.get_by_test_id("readings-table")
    ids = [r["id"] for r in readings if r["kpi_id"] == kpi_id]
    by_value = {r["value"]: r["id"] for r in readings if r["kpi_id"] == kpi_id}
    assert len(ids) == 3
    fix = table.locator(f"tr[data-submission-id='{by_value[24]}']")
    fix.get_by_test_id("correct-reading").click()
    form = table.get_by_test_id("correct-form")
    form.get_by_label("Value (in min)").fill("21")
    form.get_by_test_id("correct-submit").click()
    expect(form).to_contain_text("Say why")  # no reason, nothing sent
    form.get_by_label("Reason (recorded with your name)").fill("Typo: 24 for 21")
    form.get_by_test_id("correct-submit").click()
    expect(fix.get_by_test_id("reading-corrected")).to_contain_text("Corrected by Fay Facilitator")
    expect(fix.get_by_test_id("reading-corrected")).to_contain_text("was 24 min")
    expect(fix.get_by_test_id("reading-corrected")).to_contain_text("reason: Typo: 24 for 21")

    gone = table.locator(f"tr[data-submission-id='{by_value[22]}']")
    gone.get_by_test_id("withdraw-reading").click()
    form = table.get_by_test_id("withdraw-form")
    form.get_by_label("Reason (recorded with your name)").fill("Measured before the change")
    form.get_by_test_id("withdraw-submit").click()
    expect(gone).to_have_attribute("data-withdrawn", "true")
    expect(gone.get_by_test_id("reading-withdrawn")).to_contain_text("Withdrawn by Fay Facilitator")
    expect(gone.get_by_test_id("reading-withdrawn")).to_contain_text(
        "reason: Measured before the change"
    )
    expect(gone.get_by_test_id("withdraw-reading")).to_have_count(0)  # once is enough

    # The verdict follows: two readings left, no test; the reading stays listed.
    expect(row).to_have_attribute("data-verdict", "not_testable", timeout=3 * SECOND)
    expect(row.get_by_test_id("eval-words")).to_contain_text("2 readings: at least 3")
    expect(table.locator(f"tr[data-submission-id='{by_value[22]}']")).to_have_count(1)
    ledger = board_state(workshop, board_id)["snapshot"]["readings"]
    assert sum(1 for r in ledger if r["kpi_id"] == kpi_id) == 2  # the analysis' view
    assert evaluation(workshop, board_id, str(kpi_id))["readings"] == 2
    table.scroll_into_view_if_needed()
    shot(lead, "pilot-readings-withdrawn", full_page=False)
    lead.evaluate("window.scrollTo(0, 0)")
    shot(lead, "pilot-team-verdicts")


def test_in_chinese_a_withdrawn_demo_reading_leaves_the_evaluation_and_phones_read_it(
    live_server: Server, people: Contexts
) -> None:
    """The same inputs in zh-CN, and on a phone-sized screen: the facilitator switches the
    handling time's baseline to a single reference value and withdraws a demo reading; the
    verdict is recomputed without it; the team view on a phone shows the verdicts."""
    workshop = create_workshop(live_server, language="zh-CN")
    lead, board_id = facilitator_on_pilot(people, workshop, "zh-CN")
    editor = lead.locator(".pilot-kpi-edit[data-kpi-id='handling_time']")
    editor.get_by_text("单一参考值", exact=True).click()
    eventually(lambda: kpi(workshop, board_id, "平均投诉处理时长")["baseline_sample"] == [])
    lead.locator("#kpi-handling_time-baseline").fill("48")
    lead.locator("#kpi-handling_time-alternative").select_option("better")
    eventually(lambda: kpi(workshop, board_id, "平均投诉处理时长")["baseline"] == 48)
    assert kpi(workshop, board_id, "平均投诉处理时长")["alternative"] == "better"
    expect(editor).to_contain_text("方向须在试点开始前声明")
    editor.scroll_into_view_if_needed()
    shot(lead, "pilot-kpi-baseline-zh", full_page=False)
    lead.get_by_test_id("edit-definition").click()

    row = lead.get_by_test_id("evaluation").locator('[data-kpi-id="handling_time"]')
    expect(row.get_by_test_id("eval-test")).to_contain_text("单样本 t 检验", timeout=3 * SECOND)
    expect(row.get_by_test_id("eval-test")).to_contain_text("单侧，已声明方向")
    expect(row.get_by_test_id("eval-baseline")).to_contain_text("参考值")
    before = evaluation(workshop, board_id, "handling_time")
    assert before["test"] == "one_sample_t" and before["alternative"] == "less"

    total = board_state(workshop, board_id)["analysis"]["readings"]
    lead.locator(".pilot-readings summary").click()
    table = lead.get_by_test_id("readings-table")
    first = table.locator("tbody tr[data-submission-id]").first
    sid = first.get_attribute("data-submission-id")
    first.get_by_test_id("withdraw-reading").click()
    table.get_by_test_id("withdraw-form").get_by_label("原因（与您的姓名一并记录）").fill(
        "重复录入"
    )
    table.get_by_test_id("withdraw-submit").click()
    gone = table.locator(f"tr[data-submission-id='{sid}']")
    expect(gone).to_have_attribute("data-withdrawn", "true")
    expect(gone.get_by_test_id("reading-withdrawn")).to_contain_text("撤回")
    expect(gone.get_by_test_id("reading-withdrawn")).to_contain_text("原因：重复录入")
    eventually(lambda: board_state(workshop, board_id)["analysis"]["readings"] == total - 1)
    assert sid not in {r["id"] for r in board_state(workshop, board_id)["snapshot"]["readings"]}
    table.scroll_into_view_if_needed()
    shot(lead, "pilot-readings-withdrawn-zh", full_page=False)

    phone = participant(people, workshop, "zh-CN", "王芳")
    phone.get_by_test_id("reading-form").get_by_text("重复投诉率", exact=True).click()
    phone.get_by_test_id("reading-form").get_by_text("华东客服中心", exact=True).click()
    phone.get_by_label("计数", exact=True).fill("3")
    phone.get_by_label("总数", exact=True).fill("29")
    expect(phone.get_by_test_id("counts-hint")).to_contain_text("= 10.3%")
    phone.get_by_test_id("send-reading").click()
    expect(phone.get_by_test_id("submit-result")).to_have_attribute("data-kind", "sent")
    expect(
        phone.locator("[data-testid=my-submissions] [data-state=arrived]").first
    ).to_contain_text("重复投诉率: 29 个中 3 个（10.34 %）")
    phone.evaluate("window.scrollTo(0, 0)")
    shot(phone, "pilot-participant-counts-zh")

    small = people.page(locale="zh-CN", width=390, height=844)
    join(small, workshop.invite_link("viewer"), "小王")
    open_board(small, workshop, board_id)
    expect(small.get_by_test_id("evaluation")).to_be_visible()
    small.get_by_test_id("evaluation").scroll_into_view_if_needed()
    shot(small, "pilot-team-phone-verdicts-zh", full_page=False)
    expect(small.get_by_test_id("withdraw-reading")).to_have_count(0)  # viewers cannot


def test_a_1e308_reading_from_a_broken_client_is_corrected_and_the_verdict_returns(
    live_server: Server, people: Contexts
) -> None:
    """The issue's story: a client sends 1e308; the board says why there is no verdict and
    shows the number compactly; the facilitator corrects it; the verdict is back."""
    workshop = create_workshop(live_server, language="en")
    board_id = workshop.board("pilot")["id"]
    setup = Setup(live_server, workshop.id, workshop.token, board_id, workshop.workshop_board_id)
    lead = people.page(locale="en-US", width=1440, height=900)
    join(lead, workshop.facilitator_link, "Fay Facilitator")
    open_board(lead, workshop, board_id)
    lead.get_by_test_id("edit-definition").click()
    lead.locator("#kpi-handling_time-max").fill("")  # no plausible range: nothing stops 1e308
    eventually(lambda: kpi(workshop, board_id, "Average handling time")["max"] is None)
    lead.get_by_test_id("edit-definition").click()

    token, _ = setup.join("pilot", "Broken Client")
    # the demo pilot has ended: the reading is dated on its last day, inside its period
    last_day = board_state(workshop, board_id)["snapshot"]["definition"]["end"]
    assert last_day < date.today().isoformat()
    status, body = setup.command(
        token,
        "pilot.reading",
        {
            "submission_id": "broken-client-0001",
            "kpi_id": "handling_time",
            "date": last_day,
            "value": 1e308,
            "site": "East service centre",
        },
    )
    assert status == 200, body
    row = lead.get_by_test_id("evaluation").locator('[data-kpi-id="handling_time"]')
    expect(row).to_have_attribute("data-verdict", "not_testable", timeout=3 * SECOND)
    expect(row.get_by_test_id("eval-words")).to_contain_text("too large to compute with")

    lead.locator(".pilot-readings summary").click()
    broken = lead.locator(
        "[data-testid=readings-table] tr[data-submission-id='broken-client-0001']"
    )
    expect(broken).to_contain_text("1.00e+308 h")
    broken.get_by_test_id("correct-reading").click()
    form = lead.get_by_test_id("correct-form")
    form.get_by_label("Value (in h)").fill("32")
    form.get_by_label("Reason (recorded with your name)").fill(
        "1e308 from a broken app; 32 on paper"
    )
    form.get_by_test_id("correct-submit").click()
    expect(broken.get_by_test_id("reading-corrected")).to_contain_text("was 1.00e+308 h")
    expect(row).to_have_attribute("data-verdict", "significant_improvement", timeout=3 * SECOND)
    expect(row.get_by_test_id("eval-test")).to_contain_text("Mann-Whitney U")
    assert evaluation(workshop, board_id, "handling_time")["readings"] == 11

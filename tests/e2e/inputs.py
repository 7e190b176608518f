"""Counted user input for replayed workshops: every click, key and paste a replay makes goes
through one ``Hands``, which books it to the board being worked on.

The rules are the same for every path, so two replays compare fairly:
- a click is one input (following a link too); choosing in a ``<select>`` is two (open it, pick the option);
- a typed character or a pressed key (Enter, Escape, Ctrl+A) is one keystroke;
- a paste is one input (the Ctrl+V); the pasted characters are counted apart, as text the
  team already had in a document, never as keystrokes;
- nothing is clicked or typed that the page does not need: a field already focused is not
  clicked again, a field already holding the value (a department or unit carried over from the
  previous step) is not touched, and a replaced value is selected with Ctrl+A first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from playwright.sync_api import Locator, Page

from .test_paste_lines import paste


@dataclass
class Counts:
    clicks: int = 0
    keystrokes: int = 0
    pastes: int = 0
    pasted_chars: int = 0

    @property
    def inputs(self) -> int:
        """What the user does with hands: clicks, keys and pastes (not the pasted text)."""
        return self.clicks + self.keystrokes + self.pastes

    def add(self, other: Counts) -> Counts:
        return Counts(**{k: v + getattr(other, k) for k, v in asdict(self).items()})

    def as_dict(self) -> dict[str, int]:
        return {**asdict(self), "inputs": self.inputs}


class Hands:
    """One user at one page; ``on(board)`` says which board the next inputs are booked to."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.counts: dict[str, Counts] = {}
        self._board = ""

    def on(self, board: str) -> None:
        self._board = board
        self.counts.setdefault(board, Counts())

    @property
    def _now(self) -> Counts:
        assert self._board, "say which board the inputs are for: hands.on(board)"
        return self.counts[self._board]

    def total(self) -> Counts:
        total = Counts()
        for counts in self.counts.values():
            total = total.add(counts)
        return total

    def go(self, url: str) -> None:
        """Follow a link (the home's board card, the workshop's name in the top bar): one
        click, done by address so the replay does not depend on where the link sits."""
        self.page.goto(url)
        self._now.clicks += 1

    def click(self, target: Locator) -> None:
        target.click()
        self._now.clicks += 1

    def check(self, target: Locator) -> None:
        target.check()
        self._now.clicks += 1

    def choose(self, select: Locator, value: str) -> None:
        """Pick an option of a ``<select>``, unless it is already the chosen one."""
        if select.input_value() == value:
            return
        select.select_option(value)
        self._now.clicks += 2

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self._now.keystrokes += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self._now.keystrokes += len(text)

    def paste(self, text: str) -> None:
        """Ctrl+V of ``text`` into the focused field (a real paste event)."""
        paste(self.page, text)
        self._now.pastes += 1
        self._now.pasted_chars += len(text)

    def into(self, field: Locator) -> None:
        """Put the caret in ``field``: a click, unless it already has the focus. A new card's
        or goal's field takes the focus a frame or two after it appears; a person sees where
        the caret is before typing, so the focus is read only after two frames (and the count
        does not depend on how fast the machine is)."""
        settled = """async (el) => {
            await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
            return el === document.activeElement;
        }"""
        if not field.evaluate(settled):
            self.click(field)

    def write(self, field: Locator, text: str) -> None:
        """Make ``field`` say ``text``: nothing when it already does, else click in, select
        what is there (Ctrl+A) and type."""
        if field.input_value() == text:
            return
        self.into(field)
        if field.input_value():
            self.press("Control+a")
        self.type(text)

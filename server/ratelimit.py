"""Token buckets: one per connection (messages, sync step 1, presence) and one per key
(reconnects per token and per address).

A bucket holds up to ``burst`` tokens and regains ``rate`` tokens a second; each event takes
one. We keep our own ~40 lines rather than a rate-limit library: the hot path (every
websocket message) must cost a few float operations, and keyed buckets must forget idle keys
without a background thread.
"""

from __future__ import annotations

import time
from collections import OrderedDict


class TokenBucket:
    __slots__ = ("_refilled", "_tokens", "burst", "rate")

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._tokens = float(burst)
        self._refilled = time.monotonic()

    def take(self, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        self._tokens = min(self.burst, self._tokens + (now - self._refilled) * self.rate)
        self._refilled = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def wait(self) -> float:
        """Seconds until the next event would be let through (0 if it would be now)."""
        if self.rate <= 0:
            return float("inf")
        return max(0.0, (1 - self._tokens) / self.rate)


class KeyedBuckets:
    """One bucket per key, the least recently used forgotten past ``max_keys`` -- a forgotten
    key starts full again, which errs on the side of letting a real user in."""

    def __init__(self, rate: float, burst: float, max_keys: int = 10_000) -> None:
        self.rate, self.burst, self.max_keys = rate, burst, max_keys
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def take(self, key: str) -> bool:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(self.rate, self.burst)
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket.take()

    def wait(self, key: str) -> float:
        """Seconds until ``key``'s next event would be let through."""
        bucket = self._buckets.get(key)
        return 0.0 if bucket is None else bucket.wait()

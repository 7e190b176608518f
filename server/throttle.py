"""Per-address limits on the HTTP routes anyone may call: creating a workshop, joining with
an invite token, importing a snapshot or a table. Each writes to the store (an import parses
up to 32 MiB), so one address cannot make the server do that without end.

Over the limit the answer is 429 with ``Retry-After`` and the problem code ``rate_limited``;
nothing is read or written. The budgets are settings (per minute, with a burst) sized for a
whole team behind one NAT. uvicorn takes the address from ``X-Forwarded-For`` when the proxy
is trusted (127.0.0.1 by default; ``FORWARDED_ALLOW_IPS`` names others), so behind a reverse
proxy the budget is the client's, not the proxy's. Budgets are per process: behind a load
balancer spreading one address over N processes, the limit is at most N times the setting.
"""

from __future__ import annotations

import math
from enum import Enum

from starlette.requests import Request

from .problems import Problem
from .ratelimit import KeyedBuckets
from .settings import Settings


class Limit(Enum):
    create = "create"
    join = "join"
    import_ = "import"


def _buckets(settings: Settings) -> dict[Limit, KeyedBuckets]:
    budgets = {
        Limit.create: (settings.max_creates_per_minute, settings.max_create_burst),
        Limit.join: (settings.max_joins_per_minute, settings.max_join_burst),
        Limit.import_: (settings.max_imports_per_minute, settings.max_import_burst),
    }
    return {limit: KeyedBuckets(rate / 60, burst) for limit, (rate, burst) in budgets.items()}


def check(request: Request, limit: Limit) -> None:
    """Count one ``limit`` event for the request's client address, or raise 429."""
    state = request.app.state
    buckets: dict[Limit, KeyedBuckets] | None = getattr(state, "throttle", None)
    if buckets is None:
        buckets = state.throttle = _buckets(state.settings)
    address = request.client.host if request.client else ""
    bucket = buckets[limit]
    if bucket.take(address):
        return
    wait = bucket.wait(address)
    retry_after = max(1, math.ceil(wait)) if math.isfinite(wait) else 3600
    raise Problem(
        429,
        "rate_limited",
        f"too many {limit.value} requests from this address; retry in {retry_after} s",
        retry_after=retry_after,
    )

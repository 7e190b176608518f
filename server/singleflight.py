"""One lookup per key at a time: callers arriving while it runs wait for its result.

In a connect storm hundreds of peers present the same token and open the same few boards
within milliseconds -- before the first lookup has filled a cache. Without this, each of them
would start its own database query."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import anyio

T = TypeVar("T")


class SingleFlight(Generic[T]):
    def __init__(self) -> None:
        self._running: dict[str, tuple[anyio.Event, list[Any]]] = {}

    async def run(self, key: str, fn: Callable[[], Awaitable[T]]) -> T:
        running = self._running.get(key)
        if running is not None:
            done, outcome = running
            await done.wait()
            if isinstance(outcome[0], BaseException):
                raise outcome[0]
            result: T = outcome[0]
            return result
        done, outcome = anyio.Event(), [None]
        self._running[key] = (done, outcome)
        try:
            value = await fn()
            outcome[0] = value
            return value
        except BaseException as exc:
            outcome[0] = exc
            raise
        finally:
            del self._running[key]
            done.set()

"""How concurrent callers share one encoder: ``Coalescer`` (one model call at a time, concurrent texts in one
batch) and ``Lanes`` (n single-threaded model calls at once, first come first served).

``embed.Encoder`` picks one: lanes in a server (``embed.set_default_lanes``), the coalescer elsewhere.
Nothing here knows about models; both take a function and run it on the callers' items.
"""
from __future__ import annotations

import threading
from collections import deque

import numpy as np


class Coalescer:
    """Concurrent calls share one model call: the first caller runs a batch of everything queued (up to
    ``max_batch`` texts), then hands the turn to the next waiter. An idle caller waits for nothing, and at
    most one model call runs at a time, so the model needs no thread safety of its own. The model spreads
    each call over its own threads. A server's ONNX encoder uses ``Lanes`` instead (``set_default_lanes``)."""

    class _Slot:
        __slots__ = ("texts", "done", "result", "error")

        def __init__(self, texts):
            self.texts, self.done, self.result, self.error = texts, threading.Event(), None, None

    def __init__(self, fn, max_batch: int = 32):
        self.fn, self.max_batch = fn, max_batch
        self._lock = threading.Lock()
        self._pending: list = []
        self._busy = False
        self.calls = 0  # model calls made, for tests and the benchmark

    def __call__(self, texts: list[str]) -> np.ndarray:
        me = self._Slot(list(texts))
        with self._lock:
            self._pending.append(me)
            lead, self._busy = not self._busy, True
        if not lead:
            me.done.wait()
        if me.result is None and me.error is None:  # our turn: run a batch that starts with us
            self._run_batch()
        if me.error is not None:
            raise me.error
        return me.result

    def _run_batch(self) -> None:
        with self._lock:
            n, k = 0, 0
            while k < len(self._pending) and (k == 0 or n + len(self._pending[k].texts) <= self.max_batch):
                n += len(self._pending[k].texts)
                k += 1
            batch, self._pending = self._pending[:k], self._pending[k:]
        try:
            out = self.fn([t for s in batch for t in s.texts])
            self.calls += 1
            i = 0
            for s in batch:
                s.result, i = out[i:i + len(s.texts)], i + len(s.texts)
        except BaseException as e:  # every caller in the batch sees the failure
            for s in batch:
                s.error = e
        with self._lock:
            nxt = self._pending[0] if self._pending else None
            self._busy = nxt is not None
        for s in batch:
            s.done.set()
        if nxt is not None:
            nxt.done.set()  # no result yet: it runs the next batch


class Lanes:
    """``n`` threads that run ``fn`` on the items handed to them, first come first served across all callers.

    With a single-threaded model this keeps the cores busy with whole model runs, one per lane, instead of
    splitting every run across an intra-op thread pool: on 2 cores a question costs ~1.5 ms less CPU under
    concurrent load (no hand-offs, no spinning, no run waiting for a descheduled helper thread), and the items of
    one call still run side by side when lanes are free (the two texts of a bridged question, the batches of an
    index build). Batching queries saves nothing here: the cost is per token, and a shared batch pads every
    question to the longest. Threads start on first use and end after ``idle`` seconds without work."""

    class _Call:
        __slots__ = ("left", "results", "error", "done", "on_item")

        def __init__(self, n, on_item):
            self.left, self.results, self.error, self.on_item = n, [None] * n, None, on_item
            self.done = threading.Event()

    def __init__(self, fn, n: int, idle: float = 10.0):
        if n < 1:
            raise ValueError(f"need at least one lane, got {n}")
        self.fn, self.n, self.idle = fn, n, idle
        self._cv = threading.Condition()
        self._queue: deque = deque()
        self._threads = 0  # running
        self._waiting = 0  # of those, waiting for work
        self.calls = 0  # model calls made, for tests and the benchmark

    def __call__(self, items: list, on_item=None) -> list:
        """``[fn(x) for x in items]``, run on the lanes; ``on_item()`` is called (in a lane) as each one ends."""
        if not items:
            return []
        call = self._Call(len(items), on_item)
        with self._cv:
            self._queue.extend((call, i, x) for i, x in enumerate(items))
            start = min(self.n - self._threads, max(0, len(self._queue) - self._waiting))
            self._threads += start
            self._cv.notify(len(items))
        for _ in range(start):
            threading.Thread(target=self._work, name="newsqa-encode", daemon=True).start()
        call.done.wait()
        if call.error is not None:
            raise call.error
        return call.results

    def _work(self) -> None:
        while True:
            with self._cv:
                if not self._queue:
                    self._waiting += 1
                    self._cv.wait_for(lambda: self._queue, timeout=self.idle)
                    self._waiting -= 1
                    if not self._queue:
                        self._threads -= 1
                        return
                call, i, item = self._queue.popleft()
                self.calls += 1
            try:
                result, error = self.fn(item), None
            except BaseException as e:  # the caller sees the failure; the lane keeps serving
                result, error = None, e
            with self._cv:
                call.results[i] = result
                call.error = call.error or error
                call.left -= 1
                last = call.left == 0
            if call.on_item is not None:
                call.on_item()
            if last:
                call.done.set()

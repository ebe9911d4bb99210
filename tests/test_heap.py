"""index.heap: allocator settings are defaults the environment can override, and trimming is harmless."""
from index import heap


def test_mimalloc_settings_are_defaults(monkeypatch):
    env = {"MIMALLOC_PURGE_DELAY": "7"}
    monkeypatch.setattr(heap.os, "environ", env)
    heap.tune_mimalloc()
    assert env == {"MIMALLOC_PURGE_DELAY": "7", "MIMALLOC_ARENA_EAGER_COMMIT": "0"}


def test_trim_returns_nothing_and_can_run_twice():
    assert heap.trim() is None and heap.trim() is None

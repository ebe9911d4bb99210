"""``index.lanes``: concurrent callers share one encoder, each caller gets its own rows back."""
import numpy as np
import pytest

from index.lanes import Coalescer, Lanes


def test_coalescer_batches_concurrent_calls_and_keeps_each_callers_rows():
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    def model(texts):  # slow enough that callers pile up behind the first one
        time.sleep(0.02)
        return np.array([[len(t), i] for i, t in enumerate(texts)], dtype=np.float32)

    c = Coalescer(model, max_batch=8)
    texts = [["x" * n] * (1 + n % 2) for n in range(40)]
    with ThreadPoolExecutor(16) as ex:
        outs = list(ex.map(c, texts))
    for t, o in zip(texts, outs):
        assert o.shape == (len(t), 2) and (o[:, 0] == len(t[0])).all()
    assert c.calls < len(texts)  # some calls shared a batch

    def broken(texts):
        raise RuntimeError("model failed")

    bad = Coalescer(broken)
    with pytest.raises(RuntimeError, match="model failed"):
        bad(["a"])
    assert not bad._busy and threading.active_count() >= 1  # the next caller is not stuck
    with pytest.raises(RuntimeError):
        bad(["b"])


def test_lanes_run_items_side_by_side_in_order_and_pass_errors():
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    running, most, lock = [0], [0], threading.Lock()

    def model(x):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)
        with lock:
            running[0] -= 1
        if x == "bad":
            raise RuntimeError("model failed")
        return x.upper()

    lanes = Lanes(model, 2, idle=0.2)
    assert lanes(["a", "b", "c", "d"]) == ["A", "B", "C", "D"] and most[0] == 2  # one call's items side by side
    with ThreadPoolExecutor(8) as ex:
        outs = list(ex.map(lambda i: lanes([f"q{i}", f"r{i}"]), range(16)))
    assert outs == [[f"Q{i}", f"R{i}"] for i in range(16)] and most[0] == 2  # never more runs than lanes
    with pytest.raises(RuntimeError, match="model failed"):
        lanes(["x", "bad"])
    assert lanes(["y"]) == ["Y"] and lanes.calls == 4 + 32 + 2 + 1
    time.sleep(0.6)
    assert lanes._threads == 0  # idle lanes end; the next call starts them again
    assert lanes(["z"]) == ["Z"]

"""Faults: a build killed at random points, damaged index files, foreign indexes, concurrent builds,
a corpus that changes under a running engine. The previous index must always survive and answer;
anything unreadable must be a clear IndexFormatError / ModelMismatchError with a rebuild hint."""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from index import store
from index.errors import IndexFormatError, IndexNotFoundError, ModelMismatchError, NewsQAError
from qa.engine import Engine
from tests.conftest import REPO, FakeEncoder

Q = "Where will Bravo open a plant?"

# A build in its own process with a fake encoder that sleeps while "embedding", so a kill lands mid-build.
BUILDER = textwrap.dedent("""
    import sys, time
    sys.path[:0] = [{repo!r}]
    from tests.conftest import FakeEncoder
    from index import store
    from index.segment import make_kiwi

    class Slow(FakeEncoder):
        def encode_passages(self, texts, batch_size=32, progress=False):
            print("embedding", flush=True)
            time.sleep(float(sys.argv[3]))
            return super().encode_passages(texts)

    store.build(sys.argv[1], sys.argv[2], Slow(), make_kiwi())
    print("built", flush=True)
""")


@pytest.fixture(autouse=True)
def _no_newsqa_env(monkeypatch):
    """The CLIs refuse unknown NEWSQA_* variables (NQ_TEST_CACHE is one)."""
    for k in [k for k in os.environ if k.startswith("NEWSQA_")]:
        monkeypatch.delenv(k)


@pytest.fixture
def built(tiny_corpus, tmp_path, kiwi):
    """The tiny corpus indexed (fake encoder) and an engine over it."""
    idx = store.build(tiny_corpus, tmp_path / "idx", FakeEncoder(), kiwi)
    return tmp_path / "idx", Engine(index=idx, encoder=FakeEncoder(), kiwi=kiwi).ask(Q).to_dict()


def _answers(path, kiwi) -> dict:
    return Engine(index=store.load(path), encoder=FakeEncoder(), kiwi=kiwi).ask(Q).to_dict()


def _spawn(tmp_path, corpus, out, sleep) -> subprocess.Popen:
    script = tmp_path / "builder.py"
    script.write_text(BUILDER.format(repo=str(REPO)))
    env = {**os.environ, "TQDM_DISABLE": "1"}
    return subprocess.Popen([sys.executable, str(script), str(corpus), str(out), str(sleep)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_killed_builds_leave_the_previous_index_answering(built, tiny_corpus, tmp_path, kiwi):
    path, before = built
    (tiny_corpus / "charlie.txt").write_text("찰리 기사\n\n찰리사는 2031년에 공장을 짓는다.\n", encoding="utf-8")
    # a kill after the swap leaves the complete new index, whose scores differ (one more article)
    after = _answers(store.build(tiny_corpus, tmp_path / "complete", FakeEncoder(), kiwi).path, kiwi)
    rng = random.Random(6)
    kills = 0
    for delay in [rng.uniform(0.0, 2.5) for _ in range(6)]:  # before, during and after loading/segmenting/embedding
        proc = _spawn(tmp_path, tiny_corpus, path, sleep=0.8)  # the builder starts in ~1 s: most kills land mid-build
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        kills += "built" not in out
        idx = store.load(path)  # never half-written: the old index or the complete new one
        assert set(idx.articles) in ({"alpha", "bravo"}, {"alpha", "bravo", "charlie"})
        assert _answers(path, kiwi) == (before if set(idx.articles) == {"alpha", "bravo"} else after)
    assert kills >= 3, "most kills should land before the swap"
    # and the next build goes through (the kernel dropped the dead builder's lock)
    assert set(store.build(tiny_corpus, path, FakeEncoder(), kiwi).articles) == {"alpha", "bravo", "charlie"}


def test_a_failed_swap_keeps_the_previous_index(built, tiny_corpus, monkeypatch, kiwi):
    path, before = built
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(store.os, "replace", flaky)
    with pytest.raises(OSError):
        store.build(tiny_corpus, path, FakeEncoder(), kiwi)
    monkeypatch.undo()
    assert _answers(path, kiwi) == before


def test_a_second_concurrent_build_fails_fast(built, tiny_corpus, tmp_path, kiwi):
    path, _ = built
    proc = _spawn(tmp_path, tiny_corpus, path, sleep=3)
    assert proc.stdout.readline().strip() == "embedding"  # the first build holds the lock now
    t0 = time.perf_counter()
    with pytest.raises(NewsQAError, match="another build of .* is running"):
        store.build(tiny_corpus, path, FakeEncoder(), kiwi)
    assert time.perf_counter() - t0 < 1.0
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "built" in out, err
    assert store.load(path).manifest["rows"] > 0


def test_two_threads_building_at_once(built, tiny_corpus, kiwi):
    path, before = built
    results = []

    class Slow(FakeEncoder):
        def encode_passages(self, texts, batch_size=32, progress=False):
            time.sleep(0.5)
            return super().encode_passages(texts)

    def go():
        try:
            results.append(store.build(tiny_corpus, path, Slow(), kiwi).manifest["rows"])
        except NewsQAError as e:
            results.append(str(e))

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(isinstance(r, int) for r in results) >= 1
    assert all(isinstance(r, int) or "another build" in r for r in results)
    assert _answers(path, kiwi) == before


def test_cli_reports_the_lock_in_one_line(built, tiny_corpus, tmp_path, monkeypatch, capsys):
    import index.embed
    from index.cli import main

    path, _ = built
    proc = _spawn(tmp_path, tiny_corpus, path, sleep=5)
    assert proc.stdout.readline().strip() == "embedding"
    monkeypatch.setattr(index.embed, "load_encoder", lambda *a, **k: FakeEncoder())
    rc = main(["build", str(tiny_corpus), "--out", str(path), "--quiet"])
    proc.kill()
    proc.communicate()
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]  # log lines may precede it
    assert rc == 1 and len(errors) == 1 and errors[0].startswith("error: another build of") and "Traceback" not in err, err


# -- damaged index files -------------------------------------------------------------------------
def _truncate(p: Path):
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def _garbage(p: Path):
    p.write_bytes(random.Random(p.name).randbytes(max(16, p.stat().st_size)))


def _empty(p: Path):
    p.write_bytes(b"")


def _delete(p: Path):
    p.unlink()


def _drop_last_line(p: Path):
    lines = p.read_text(encoding="utf-8").splitlines(True)
    p.write_text("".join(lines[:-1]), encoding="utf-8")


FILES = ["manifest.json", "vectors.faiss", "sentences.jsonl", "articles.jsonl", "aliases.json",
         "bm25/params.index.json", "bm25/vocab.index.json", "bm25/data.csc.index.npy", "bm25/indices.csc.index.npy",
         "bm25/indptr.csc.index.npy"]
DAMAGE = {"truncated": _truncate, "garbage": _garbage, "empty": _empty, "deleted": _delete}
# (file, damage) pairs store.load did not catch once (now fixed; kept empty as the place to name a new gap)
KNOWN: dict = {}
CASES = [(f, d) for f in FILES for d in DAMAGE]


def _check_clear_or_correct(path, before, kiwi):
    """Loading gives a clear error with a rebuild hint, or an index that answers exactly as before."""
    try:
        got = _answers(path, kiwi)
    except (IndexFormatError, IndexNotFoundError) as e:
        assert "python -m index build" in str(e)
        return "error"
    assert got == before
    return "same"


@pytest.mark.parametrize("name,damage", [
    pytest.param(f, d, marks=pytest.mark.xfail(strict=False, reason="index/store.py: " + KNOWN[(f, d)])) if (f, d) in KNOWN
    else (f, d) for f, d in CASES], ids=[f"{f}-{d}" for f, d in CASES])
def test_damaged_file_is_a_clear_error(built, kiwi, name, damage):
    path, before = built
    DAMAGE[damage](path / name)
    assert _check_clear_or_correct(path, before, kiwi) in ("error", "same")


MANIFEST_EDITS = {
    "other format version": (lambda m: {**m, "format_version": 1}, None),
    "other format": (lambda m: {**m, "format": "txtai"}, None),
    "rows off by one": (lambda m: {**m, "rows": m["rows"] + 1}, None),
    "other dimension": (lambda m: {**m, "dim": 384}, None),
    "no rows key": (lambda m: {k: v for k, v in m.items() if k != "rows"}, None),
    "a JSON list": (lambda m: [m], None),
    "no articles key": (lambda m: {k: v for k, v in m.items() if k != "articles"}, None),
}


@pytest.mark.parametrize("case", [pytest.param(k, marks=pytest.mark.xfail(strict=False, reason="index/store.py: " + why))
                                  if why else k for k, (_, why) in MANIFEST_EDITS.items()])
def test_foreign_or_edited_manifest_is_a_clear_error(built, kiwi, case):
    path, before = built
    mpath = path / "manifest.json"
    mpath.write_text(json.dumps(MANIFEST_EDITS[case][0](json.loads(mpath.read_text()))))
    with pytest.raises(IndexFormatError, match="python -m index build"):
        idx = store.load(path)
        Engine(index=idx, encoder=FakeEncoder(), kiwi=kiwi).ask(Q)


@pytest.mark.parametrize("edit", ["drop article row", "shift offsets"])
def test_inconsistent_records_are_detected(built, kiwi, edit):
    path, _ = built
    if edit == "drop article row":
        _drop_last_line(path / "articles.jsonl")
    else:
        rows = [json.loads(line) for line in (path / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
        (path / "sentences.jsonl").write_text("".join(json.dumps({**r, "start": r["start"] + 2, "end": r["end"] + 2},
                                                                 ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(IndexFormatError):
        store.load(path)


def test_index_of_another_model_is_a_clear_error(built):
    path, _ = built
    with pytest.raises(ModelMismatchError, match="rebuild with: python -m index build --model"):
        store.check_model(store.load(path).manifest, "intfloat/multilingual-e5-small")


def test_engine_open_rebuilds_a_foreign_model_index(built, tiny_corpus, monkeypatch, kiwi):
    """The app (rebuild_stale) rebuilds an index made with another model; the CLI refuses it clearly."""
    import qa.engine

    path, _ = built

    class Other(FakeEncoder):
        model_id = "other/model-64"

    monkeypatch.setattr(qa.engine, "load_encoder", lambda *a, **k: Other())
    with pytest.raises(ModelMismatchError, match="fake/bigram-64"):
        Engine.open(path, None, Path("/unused"))
    eng = Engine.open(path, None, Path("/unused"), corpus=tiny_corpus, rebuild_stale=True)
    assert eng.index.manifest["model_id"] == "other/model-64" and store.load(path).manifest["model_id"] == "other/model-64"


def test_engine_open_rebuilds_a_corrupt_manifest(built, tiny_corpus, monkeypatch):
    import qa.engine

    path, _ = built
    (path / "manifest.json").write_text("{not json")
    monkeypatch.setattr(qa.engine, "load_encoder", lambda *a, **k: FakeEncoder())
    with pytest.raises(IndexFormatError, match="rebuild"):
        Engine.open(path, None, Path("/unused"))
    assert Engine.open(path, None, Path("/unused"), corpus=tiny_corpus, rebuild_stale=True).ask(Q).citations


def test_cli_on_a_damaged_index_prints_one_line(built, monkeypatch, capsys):
    import qa.engine
    from qa.cli import main

    path, _ = built
    _garbage(path / "vectors.faiss")
    monkeypatch.setattr(qa.engine, "load_encoder", lambda *a, **k: FakeEncoder())
    assert main(["ask", Q, "--index", str(path)]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: index at") and "rebuild with: python -m index build" in errors[0]
    assert "Traceback" not in err


# -- a corpus that changes under a running engine ------------------------------------------------------
def test_corpus_change_is_detected_and_answerable(tiny_corpus, tmp_path, kiwi):
    eng = Engine(index=store.build(tiny_corpus, tmp_path / "idx", FakeEncoder(), kiwi), encoder=FakeEncoder(),
                 kiwi=kiwi, corpus=tiny_corpus, check_every=0)
    if not hasattr(eng, "refresh_if_stale"):
        pytest.xfail("Engine.refresh_if_stale() not implemented yet")
    assert eng.refresh_if_stale() is False
    bravo = tiny_corpus / "bravo.md"
    bravo.write_text(bravo.read_text(encoding="utf-8") + "\nThe Ohio plant will open in March 2027.\n", encoding="utf-8")
    assert eng.refresh_if_stale() is True
    ans = eng.ask("When will the Ohio plant open?", article="bravo")
    assert not ans.abstained and "2027" in ans.answer
    (tiny_corpus / "alpha.txt").unlink()
    assert eng.refresh_if_stale() is True and "alpha" not in eng.index.articles


def test_corpus_turning_unreadable_keeps_the_old_index(tiny_corpus, tmp_path, kiwi):
    eng = Engine(index=store.build(tiny_corpus, tmp_path / "idx", FakeEncoder(), kiwi), encoder=FakeEncoder(),
                 kiwi=kiwi, corpus=tiny_corpus, check_every=0)
    before = eng.ask(Q).to_dict()
    for p in tiny_corpus.iterdir():
        p.write_bytes(b"\xff\xfe\x00garbage")  # every file now unusable: the rebuild fails with CorpusError
    assert eng.ask(Q).to_dict() == before
    shutil.rmtree(tiny_corpus)
    assert eng.ask(Q).to_dict() == before

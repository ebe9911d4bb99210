"""The on-disk index: build, save atomically, load, and check freshness.

An index is a directory::

    manifest.json     format version, model id, dim, metric, rows, corpus fingerprint, versions, created_at
    vectors.faiss     faiss.IndexIDMap2 (ids = sentence ids, cosine on normalized vectors) over IndexFlatIP
                      up to ``flat_max_rows`` rows, over IndexHNSWFlat above (``index_type`` in the manifest)
    sentences.jsonl   one Sentence per row, row i has global id i
    articles.jsonl    one Article per row (full text, so citations are checkable offline)
    aliases.json      per article, the 한글(English) gloss table mined from its text
    lex_tokens.npz    every row's BM25 tokens (vocab + ids + offsets), so ``add`` tokenizes only new articles
    bm25/             bm25s index over kiwipiepy morphemes + normalized number tokens

It is built into a temporary directory beside the target and moved into place,
so a crash mid-build leaves the previous index usable. A lock file keeps two
builds of the same target from clobbering each other. ``index/vectors.py`` holds
the faiss side (index type and efSearch by size, ``Vectors``); ``index/update.py``
adds or replaces articles, segmenting, tokenizing and embedding only those
(``dead_rows`` in the manifest: a replaced article's old HNSW rows, never returned).
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from . import aliases as alias_mod
from .corpus import Article, fingerprint, load_corpus
from .errors import IndexFormatError, IndexNotFoundError, ModelMismatchError, NewsQAError, StaleIndexError
from .lexical import lex_tokens_batch, load_bm25
from .segment import Sentence, paragraphs, split_sentences
from .vectors import (EF_SEARCH_BY_ROWS, FLAT_MAX_ROWS, HNSW_EF_CONSTRUCTION, HNSW_M, Vectors,  # noqa: F401
                      _set_ef, ef_search, row_vectors, vector_index)

log = logging.getLogger(__name__)

FORMAT = "newsqa-index"
FORMAT_VERSION = 30  # bump whenever segmentation, alias mining, lexical tokens or the files change (v4: lex_tokens.npz, dead_rows;
#                     v5: a gloss no longer takes an adnominal word before the name, 계열사인 한화엔진 -> 한화엔진;
#                     v6: a wire byline "(서울=연합뉴스) 김철수 기자 =" is its own caption piece;
#                     v7: Korean compound numbers are one token, 1조5천600억원 -> amt:1.56e+12;
#                     v8: durations are quantities, 9시간 -> qty:9시간;
#                     v9: "9년 만" is a duration, "1만2천 가구" one count;
#                     v10: 【세종=연합뉴스】 datelines and "2025.6.9/뉴스1" photo credits are captions;
#                     v11: ratios (98.4대 1) and 명분 doses are figures;
#                     v12: a sentence split inside brackets is joined, "[… 제공. 재판매 및 DB 금지]";
#                     v13: kiwi without its default dictionary, 창원시장 -> 창원 시장; BM25 built by bm25s's numpy backend;
#                     v14: lengths of time are quantities, 징역 12년 -> qty:12년, 18분 만에 -> qty:18분;
#                     v15: match scores, 3-1로 -> score:3-1;
#                     v16: units 개국, t, ㎎, "10회 말" and "1시간 40분" are one quantity;
#                     v17: "약 2만 5천 톤" is one quantity, not the amount "약 2만";
#                     v18: counts in native numerals, 여섯 차례 -> qty:6차례;
#                     v19: counters 장, 권, 종, 점, 포기, 그루, 층, 1천120만장 -> qty:1.12e+07장;
#                     v20: months in native numerals, 석 달 -> qty:3개월; counts and bare numbers also give
#                          their value, 15곳 -> n:15;
#                     v21: a gloss drops a word naming the kind of body, 업체 하늘페이(Haneul Pay) -> 하늘페이; a name
#                          with its honorific attached is the name, 이정민씨 -> 이정민;
#                     v22: a bare 120m is 120 metres, not 120 million; $120m and 1.5B stay amounts;
#                     v23: a length of years before 에 불과, 까지, 으로, 짜리 (수명이 3년에 불과) is a quantity;
#                     v24: the counter 기 (위성 4기, 12기에서 50기로);
#                     v25: degrees, 1.44도 and 35℃, are quantities;
#                     v26: no sentence ends at a spoken ending without a stop, "내야 해 바다에";
#                     v27: micrograms, 412㎍/㎥, are quantities;
#                     v28: a Latin unit before a Korean particle, 9,600km의; 240테라비트, 1만보 and 7분 48초 are quantities;
#                     v29: grams, 184g, are quantities (not 5G);
#                     v30: a gloss drops a kind word after a field word too, 제조업체 다올식품(Daol Foods) -> 다올식품)
FILES = ("manifest.json", "vectors.faiss", "sentences.jsonl", "articles.jsonl", "aliases.json", "lex_tokens.npz", "bm25")


@dataclass
class Index:
    path: Path
    manifest: dict
    vectors: Vectors = field(repr=False)  # the faiss index, see index/vectors.py
    sentences: list[Sentence] = field(repr=False)
    articles: dict[str, Article] = field(repr=False)
    aliases: dict[str, dict[str, list[str]]] = field(repr=False, default_factory=dict)
    bm25: object = field(repr=False, default=None)

    def rows_of(self, doc_id: str) -> tuple[int, int]:
        """[first, last+1) sentence ids of one article (they are contiguous)."""
        r = self.manifest["articles"][doc_id]
        return r["first"], r["first"] + r["count"]


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def v(dist):  # metadata only: importing sentence_transformers would pull in torch
        try:
            return version(dist)
        except PackageNotFoundError:
            return None

    return {"faiss": v("faiss-cpu"), "kiwipiepy": v("kiwipiepy"), "sentence_transformers": v("sentence-transformers"),
            "onnxruntime": v("onnxruntime")}


@contextmanager
def build_lock(out_dir: Path):
    """Exclusive lock next to ``out_dir``; a second concurrent build fails fast."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NewsQAError(f"another build of {out_dir} is running (lock {lock_path}); wait for it to finish") from None
        yield


def _write_jsonl(path: Path, rows) -> None:
    """One JSON object per record (flat dataclasses: ``vars`` is ``asdict`` without its deep copy)."""
    enc = json.JSONEncoder(ensure_ascii=False).encode
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(enc(vars(r)) + "\n" for r in rows)


class _Presplit:
    """A kiwi stand-in for ``split_sentences``: paragraphs split in one multi-threaded batch, with their tokens."""

    def __init__(self, kiwi, paras: list[str]):
        self.kiwi = kiwi
        self.cache = dict(zip(paras, kiwi.split_into_sents(paras, return_tokens=True))) if paras else {}

    def split_into_sents(self, text, **kw):
        got = None if kw else self.cache.get(text)
        return got if got is not None else self.kiwi.split_into_sents(text, **kw)


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
SEGMENT_CHUNK = 2_000  # paragraphs per kiwi batch (bounds the token objects held at once)


def _segment(kiwi, articles: list[Article], first_id: int = 0) -> tuple[list[Sentence], dict, list[list[str]]]:
    """(sentences, article row ranges, BM25 tokens per sentence), ids from ``first_id``.

    kiwi analyses each Hangul paragraph once, in batches: the sentence split and the BM25 tokens
    come from the same analysis (the same tokens as analysing each sentence alone on the test
    corpora); other sentences are tokenized in one batch.
    """
    from . import lexical

    sentences, spans, tokens = [], {}, []
    todo: list[int] = []
    i = 0
    while i < len(articles):
        chunk, n_paras = [], 0
        while i < len(articles) and (not chunk or n_paras < SEGMENT_CHUNK):
            ps = [articles[i].text[a:b] for a, b in paragraphs(articles[i].text)]
            chunk.append((articles[i], ps))
            n_paras += len(ps)
            i += 1
        pre = _Presplit(kiwi, list(dict.fromkeys(p for _, ps in chunk for p in ps if _HANGUL.search(p))))
        for art, _ in chunk:
            first = first_id + len(sentences)
            toks_at = {}
            for ps, pe in paragraphs(art.text):
                for ks in pre.cache.get(art.text[ps:pe], ()):
                    raw = art.text[ps + ks.start:ps + ks.end]
                    toks_at[ps + ks.start + len(raw) - len(raw.lstrip())] = (raw.strip(), ks.tokens)
            for s in split_sentences(pre, art.doc_id, art.text):
                sentences.append(Sentence(s.doc_id, first_id + len(sentences), s.text, s.start, s.end, s.kind,
                                          s.para_start, s.para_end))
                got = toks_at.get(s.start)
                if got is not None and got[0] == s.text:
                    tokens.append(lexical._from_tokens(got[1], s.text))
                else:
                    tokens.append(None)
                    todo.append(len(tokens) - 1)
            spans[art.doc_id] = {"first": first, "count": first_id + len(sentences) - first, "title": art.title}
    if todo:
        for j, t in zip(todo, lexical.lex_tokens_batch(kiwi, [sentences[j].text for j in todo])):
            tokens[j] = t
    return sentences, spans, tokens


def build(corpus_dir: Path, out_dir: Path, encoder, kiwi, progress: bool = False,
          flat_max_rows: int = FLAT_MAX_ROWS) -> Index:
    """Segment, embed and index every article in ``corpus_dir`` into ``out_dir``."""
    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    with build_lock(out_dir):
        fp = fingerprint(corpus_dir)
        articles, skipped = load_corpus(corpus_dir)
        sentences, spans, tokens = _segment(kiwi, articles)
        t0 = time.perf_counter()
        vecs = encoder.encode_passages([s.text for s in sentences], progress=progress)
        embed_s = time.perf_counter() - t0
        return _assemble(corpus_dir, out_dir, encoder, kiwi, articles, skipped, sentences, spans, vecs, fp,
                         flat_max_rows, {"embed_seconds": round(embed_s, 3)}, tokens)


def _assemble(corpus_dir, out_dir, encoder, kiwi, articles, skipped, sentences, spans, vecs, fp, flat_max_rows,
              extra: dict, tokens: list[list[str]] | None = None) -> Index:
    """Aliases, BM25, vector index and manifest of a segmented, embedded corpus, written atomically to ``out_dir``."""
    alias_tables = {a.doc_id: alias_mod.table(alias_mod.mine(a.text)) for a in articles}
    if tokens is None:
        tokens = lex_tokens_batch(kiwi, [s.text for s in sentences])
    vindex, info = vector_index(vecs, flat_max_rows)
    return _write(out_dir, _manifest(corpus_dir, encoder, int(vecs.shape[1]), info, sentences, spans, skipped, fp,
                                     extra), vindex, sentences, articles, alias_tables, tokens)


def _manifest(corpus_dir, encoder, dim, info, sentences, spans, skipped, fp, extra) -> dict:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "model_id": encoder.model_id,
        "backend": getattr(encoder, "backend", None),
        "dim": dim, "metric": "inner_product", **info, "rows": len(sentences),
        "corpus_dir": str(Path(corpus_dir).resolve()), "corpus_fingerprint": fp, "articles": spans,
        "skipped": [asdict(s) if not isinstance(s, dict) else s for s in skipped], "versions": _versions(),
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **extra,
    }


def _write(out_dir: Path, manifest, vindex, sentences, articles, alias_tables, tokens) -> Index:
    """Write every file into a temporary directory beside ``out_dir`` and swap it into place."""
    import faiss

    from .lexical import build_bm25, save_bm25, save_tokens

    out_dir = Path(out_dir)
    bm25 = build_bm25(tokens)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        faiss.write_index(vindex, str(tmp / "vectors.faiss"))
        _write_jsonl(tmp / "sentences.jsonl", sentences)
        _write_jsonl(tmp / "articles.jsonl", articles)
        (tmp / "aliases.json").write_text(json.dumps(alias_tables, ensure_ascii=False), encoding="utf-8")
        save_tokens(tokens, tmp / "lex_tokens.npz")
        save_bm25(bm25, tmp / "bm25")
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Index(out_dir, manifest, Vectors(vindex, manifest["rows"], manifest.get("hnsw", {}).get("efSearch")),
                 sentences, {a.doc_id: a for a in articles}, alias_tables, bm25)


def add(index_dir: Path, files: list[Path], encoder, kiwi, **kw) -> Index:
    """Add or replace articles without a rebuild: ``index.update.add``."""
    from .update import add as _add

    return _add(index_dir, files, encoder, kiwi, **kw)


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{time.time_ns()}"
        os.replace(out_dir, old)
    try:
        os.replace(tmp, out_dir)
    except OSError:
        if old is not None:
            os.replace(old, out_dir)  # put the previous index back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_manifest(path: Path) -> dict:
    path = Path(path)
    mpath = path / "manifest.json"
    if not mpath.exists():
        raise IndexNotFoundError(f"no index at {path} — run: python -m index build CORPUS_DIR --out {path}")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise IndexFormatError(f"index manifest {mpath} is corrupt ({e}) — rebuild with: python -m index build CORPUS_DIR --out {path}") from None
    if not isinstance(manifest, dict):
        raise IndexFormatError(f"index manifest {mpath} is not a JSON object — rebuild with: python -m index build CORPUS_DIR --out {path}")
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"index at {path} has format {manifest.get('format')!r} v{manifest.get('format_version')}, "
            f"this version reads {FORMAT!r} v{FORMAT_VERSION} — rebuild with: python -m index build CORPUS_DIR --out {path}"
        )
    return manifest


def load(path: Path, mmap: bool = True) -> Index:
    """Load an index directory (vectors memory-mapped unless ``mmap`` is False); raises IndexNotFoundError / IndexFormatError."""
    import faiss

    path = Path(path)
    manifest = read_manifest(path)
    try:
        try:
            if not mmap:
                raise RuntimeError
            vindex = faiss.read_index(str(path / "vectors.faiss"), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        except RuntimeError:
            vindex = faiss.read_index(str(path / "vectors.faiss"))
        _set_ef(vindex, manifest)
        with open(path / "sentences.jsonl", encoding="utf-8") as fh:
            sentences = [Sentence(**json.loads(line)) for line in fh]
        with open(path / "articles.jsonl", encoding="utf-8") as fh:
            articles = {a.doc_id: a for a in (Article(**json.loads(line)) for line in fh)}
        alias_tables = json.loads((path / "aliases.json").read_text(encoding="utf-8"))
        bm25 = load_bm25(path / "bm25")
    except (OSError, RuntimeError, ValueError, TypeError, KeyError, EOFError, AttributeError) as e:
        raise IndexFormatError(f"index at {path} is damaged ({type(e).__name__}) — rebuild with: python -m index build CORPUS_DIR --out {path}") from None
    if not consistent(manifest, vindex, sentences, articles):
        raise IndexFormatError(f"index at {path} is inconsistent (rows, dimension, articles or offsets differ) — "
                               f"rebuild with: python -m index build CORPUS_DIR --out {path}")
    ef = manifest["hnsw"]["efSearch"] if manifest.get("index_type") == "hnsw" else None
    return Index(path, manifest, Vectors(vindex, manifest["rows"], ef), sentences, articles, alias_tables, bm25)


def consistent(manifest, vindex, sentences, articles) -> bool:
    """Rows, dimension, article ranges and every sentence offset agree with the manifest and the texts."""
    try:
        rows, dim, spans = manifest["rows"], manifest["dim"], manifest["articles"]
        dead = manifest.get("dead_rows", 0)
        if dead and manifest.get("index_type") != "hnsw":
            return False
        if vindex.ntotal != rows + dead or len(sentences) != rows or vindex.d != dim or set(spans) != set(articles):
            return False
        for doc_id, r in spans.items():
            text = articles[doc_id].text
            for s in sentences[r["first"]:r["first"] + r["count"]]:
                if s.doc_id != doc_id or text[s.start:s.end] != s.text:
                    return False
        return sum(r["count"] for r in spans.values()) == rows
    except (KeyError, TypeError, AttributeError):
        return False


def check_model(manifest: dict, model_id: str) -> None:
    if manifest["model_id"] != model_id:
        raise ModelMismatchError(
            f"index was built with model {manifest['model_id']!r} but {model_id!r} was asked for — "
            f"rebuild with: python -m index build --model {model_id}, or drop --model"
        )


def is_stale(manifest: dict, corpus_dir: Path) -> bool:
    return fingerprint(Path(corpus_dir)) != manifest["corpus_fingerprint"]


def check_fresh(manifest: dict, corpus_dir: Path, index_dir: Path) -> None:
    if is_stale(manifest, corpus_dir):
        raise StaleIndexError(
            f"corpus {corpus_dir} changed since the index was built — run: python -m index build {corpus_dir} --out {index_dir}"
        )

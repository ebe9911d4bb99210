"""``python -m index build [CORPUS_DIR] [--out INDEX_DIR] [--model NAME_OR_PATH]`` and ``python -m index add FILE...``."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time

from .embed import BACKENDS
from .errors import NewsQAError
from .settings import SettingsError, resolve


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m index", description="Build the sentence index of a news corpus.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="segment, embed and index every article in a corpus directory",
                       description="Segment every .txt/.md article into sentences, embed them and write a FAISS "
                                   "index directory (built atomically; the previous index stays usable on failure).")
    b.add_argument("corpus", nargs="?", default=None, help="corpus directory (default: $NEWSQA_CORPUS or ./corpus)")
    b.add_argument("--out", default=None, help="index directory (default: $NEWSQA_INDEX or one per corpus in the cache dir)")
    b.add_argument("--model", default=None,
                   help="sentence-transformers model dir or hub name (default: $NEWSQA_MODEL or the bundled multilingual-e5-small)")
    b.add_argument("--cache-dir", default=None, help="cache for the converted model (default: $NEWSQA_CACHE_DIR or the user cache)")
    b.add_argument("--backend", default=None, choices=BACKENDS, help="embedding backend: onnx (default; onnxruntime, no torch, same vectors), onnx-int8 (faster, cosine ~0.99 to torch) or torch (sentence-transformers); default: $NEWSQA_BACKEND or onnx")
    b.add_argument("--json", action="store_true", help="print the manifest as JSON")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    a = sub.add_parser("add", help="add or replace articles in an existing index, embedding only those files",
                       description="Segment, tokenize and embed only the given article files (which must be in the "
                                   "index's corpus directory); every other row keeps its stored vector, BM25 tokens and "
                                   "aliases. New rows are added to the vector index (a replaced article's old rows are "
                                   "filtered out of an HNSW graph until they pass 10%% of the rows, then it is rebuilt); "
                                   "the new index is swapped in atomically. Other corpus files must be unchanged.")
    a.add_argument("files", nargs="+", help="article files (.txt/.md) inside the index's corpus directory")
    a.add_argument("--index", default=None, help="index directory (default: $NEWSQA_INDEX or the one for the files' directory in the cache dir)")
    a.add_argument("--model", default=None, help="must be the model the index was built with (default: $NEWSQA_MODEL or the bundled default)")
    a.add_argument("--cache-dir", default=None, help="model cache (default: $NEWSQA_CACHE_DIR or the user cache)")
    a.add_argument("--backend", default=None, choices=BACKENDS, help="embedding backend (default: $NEWSQA_BACKEND or onnx)")
    a.add_argument("--json", action="store_true", help="print the manifest as JSON")
    return p


def build_cmd(args) -> int:
    from . import store
    from .embed import load_encoder
    from .segment import make_kiwi

    s = resolve(corpus=args.corpus, index=args.out, model=args.model, cache_dir=args.cache_dir, backend=args.backend)
    t0 = time.perf_counter()
    encoder = load_encoder(s.model, s.cache_dir, s.backend)
    kiwi = make_kiwi()
    index = store.build(s.corpus, s.index, encoder, kiwi, progress=not args.quiet)
    m = index.manifest
    if args.json:
        print(json.dumps(m, ensure_ascii=False, indent=2))
    else:
        for sk in m["skipped"]:
            print(f"skipped {sk['path']}: {sk['reason']}", file=sys.stderr)
        print(f"indexed {len(m['articles'])} article(s), {m['rows']} sentences with {m['model_id']} "
              f"({m.get('backend')}) into {index.path} in {time.perf_counter() - t0:.1f}s")
    return 0


def add_cmd(args) -> int:
    from pathlib import Path

    from . import store
    from .embed import load_encoder
    from .segment import make_kiwi

    s = resolve(corpus=str(Path(args.files[0]).resolve().parent), index=args.index, model=args.model,
                cache_dir=args.cache_dir, backend=args.backend)
    t0 = time.perf_counter()
    store.check_model(store.read_manifest(s.index), resolve_model_id(s.model))
    encoder = load_encoder(s.model, s.cache_dir, s.backend)
    index = store.add(s.index, [Path(f) for f in args.files], encoder, make_kiwi())
    m = index.manifest
    if args.json:
        print(json.dumps(m, ensure_ascii=False, indent=2))
    else:
        t = m["add_seconds"]
        print(f"added {', '.join(m['added'])}: index {index.path} now has {len(m['articles'])} article(s), "
              f"{m['rows']} sentences ({m['index_type']}) in {time.perf_counter() - t0:.1f}s "
              f"(read {t['read']:.1f}s, tokenize {t['tokenize']:.1f}s, embed {t['embed']:.1f}s, vectors "
              f"{t['vectors']:.1f}s{' rebuilt' if t['vectors_rebuilt'] else ''})")
    return 0


def resolve_model_id(model) -> str:
    """The model id an encoder for ``model`` would record, without loading it."""
    from pathlib import Path

    from .embed import DEFAULT_MODEL

    if not model or model == DEFAULT_MODEL:
        return DEFAULT_MODEL
    p = Path(model).expanduser()
    return str(p.resolve()) if p.exists() else model


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return add_cmd(args) if args.command == "add" else build_cmd(args)
    except (NewsQAError, SettingsError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 1

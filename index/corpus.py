"""Corpus loading: a directory of ``*.txt`` / ``*.md`` files, one article each.

The first non-empty line is the title; the doc id is derived from the file
name. Empty, binary, undecodable or oversized files (over 4 MB, or with a
line over 50,000 characters: a data dump, not an article) are reported by
name and skipped, so one bad file never stalls a build.
Article text is kept exactly as decoded (only a leading BOM is removed) so
that every offset computed later indexes into ``Article.text``.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 4 * 1024 * 1024  # a long news article is ~100 KB; segmenting 50 MB would take minutes
MAX_LINE_CHARS = 50_000  # kiwipiepy needs seconds (superlinear) for one huge Korean paragraph
_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str
    path: str
    text: str


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def doc_id_for(path: Path) -> str:
    """File name without suffix, lower-cased, reduced to [a-z0-9_-] (Hangul kept)."""
    stem = path.stem.strip().lower()
    slug = re.sub(r"[^0-9a-z\uac00-\ud7a3_-]+", "-", stem).strip("-")
    return slug or "article"


def corpus_files(corpus_dir: Path) -> list[Path]:
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus directory not found: {corpus_dir} — create it and put .txt/.md articles in it")
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def fingerprint(corpus_dir: Path) -> str:
    """sha256 over (file name, content hash) of every article file, in order."""
    h = hashlib.sha256()
    for p in corpus_files(corpus_dir):
        h.update(p.name.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def read_article(path: Path) -> Article | Skipped:
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return Skipped(str(path), f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    raw = path.read_bytes()
    enc = next((name for bom, name in _BOMS.items() if raw.startswith(bom)), None)
    if enc:
        return Skipped(str(path), f"{enc} text, not UTF-8; re-save it as UTF-8")
    if b"\0" in raw:
        return Skipped(str(path), "binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return Skipped(str(path), f"not UTF-8 ({e.reason} at byte {e.start}); re-save it as UTF-8")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return Skipped(str(path), "empty file")
    longest = max(len(line) for line in text.splitlines())
    if longest > MAX_LINE_CHARS:
        return Skipped(str(path), f"a line of {longest} characters (at most {MAX_LINE_CHARS}); "
                                  "split it into paragraphs")
    title = next(line.strip() for line in text.splitlines() if line.strip())
    return Article(doc_id=doc_id_for(path), title=title, path=str(path), text=text)


def load_corpus(corpus_dir: Path) -> tuple[list[Article], list[Skipped]]:
    """All readable articles (unique doc ids) and the files that were skipped."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for path in corpus_files(corpus_dir):
        got = read_article(path)
        if isinstance(got, Skipped):
            log.warning("skipping %s: %s", got.path, got.reason)
            skipped.append(got)
            continue
        if got.doc_id in seen:
            reason = f"doc id {got.doc_id!r} already used by another file; rename it"
            log.warning("skipping %s: %s", path, reason)
            skipped.append(Skipped(str(path), reason))
            continue
        seen.add(got.doc_id)
        articles.append(got)
    if not articles:
        raise CorpusError(f"no usable article in {corpus_dir} (need UTF-8 .txt or .md files)")
    return articles, skipped

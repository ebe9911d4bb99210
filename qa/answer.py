"""Answering: ranked hits -> an Answer with numbered citations and a span.

The answer is taken from the article, never generated: the best supporting
sentence is cited and its most relevant clause is returned as the span.
When a key term of the question is absent from the article, the answer
abstains, says why, and lists the closest passages separately.
"""
from __future__ import annotations

import re

from index.store import Index

from .analyze import QuestionInfo
from .records import Answer, Citation, Hit, Span

_CLAUSE_SPLIT = re.compile(r"(?<=[,;，])\s+")
_AMOUNT = re.compile(r"[$€£₩]\s?\d|\d[\d,.]*\s*(?:억|조|만|천)?\s*(?:달러|원|유로|엔)|\d\s*(?:billion|million|trillion|bn)\b", re.I)
_DATE = re.compile(r"\d{4}\s*년|\d{1,2}\s*월|\d{1,2}\s*일|\b(?:19|20)\d{2}\b|(?:지난|이번|다음)\s*(?:달|주|해)|이달|작년|올해", re.I)

NOT_SAID = {"en": "The article does not say.", "ko": "기사에 해당 내용이 없습니다."}


def _not_mentioned(lang: str, terms: list[str]) -> str:
    joined = ", ".join(terms)
    if lang == "ko":
        return f"기사에 {joined}에 대한 언급이 없습니다."
    return f"The article does not mention {joined}."


def clauses(s_text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of comma-separated clauses within a sentence."""
    out, pos = [], 0
    for m in _CLAUSE_SPLIT.finditer(s_text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(s_text)))
    return [(a, b) for a, b in out if s_text[a:b].strip()]


def best_span(hit: Hit, info: QuestionInfo) -> Span:
    s = hit.sentence
    terms = [t.lower() for t in info.terms]
    best, best_score = None, -1.0
    for a, b in clauses(s.text):
        piece = s.text[a:b].lower()
        score = sum(1.0 for t in terms if t in piece)
        if info.qtype == "amount" and _AMOUNT.search(piece):
            score += 1.5
        if info.qtype == "date" and _DATE.search(piece):
            score += 1.5
        if score > best_score:
            best, best_score = (a, b), score
    a, b = best
    text = s.text[a:b].rstrip(",;， ")
    return Span(s.doc_id, s.sent_id, s.start + a, s.start + a + len(text), text)


def citation(n: int, hit: Hit, index: Index) -> Citation:
    s = hit.sentence
    title = index.articles[s.doc_id].title
    return Citation(n, s.doc_id, title, s.sent_id, s.start, s.end, s.text, round(float(hit.score), 4))


def missing_terms(info: QuestionInfo, index: Index, doc_id: str | None) -> list[str]:
    docs = [index.articles[doc_id]] if doc_id else list(index.articles.values())
    haystack = "\n".join(a.text for a in docs).lower()
    return [t for t in info.terms if t.lower() not in haystack]


def compose(info: QuestionInfo, hits: list[Hit], index: Index, doc_id: str | None = None) -> Answer:
    closest = [citation(i + 1, h, index) for i, h in enumerate(hits[:3])]
    missing = missing_terms(info, index, doc_id)
    if missing or not hits:
        reason = _not_mentioned(info.lang, missing) if missing else NOT_SAID[info.lang]
        return Answer(info.text, reason, True, None, [], closest, reason)
    body = [h for h in hits if h.sentence.kind == "body"] or hits
    top = body[0]
    span = best_span(top, info)
    cit = citation(1, top, index)
    return Answer(info.text, f"{span.text} [1]", False, span, [cit], closest=[], spans=[span])

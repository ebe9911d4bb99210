"""Records passed between the QA stages and printed as JSON.

Every citation and span carries character offsets into its article's text, so
``article.text[start:end] == text`` can be checked by anyone.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from index.segment import Sentence


@dataclass(frozen=True)
class Hit:
    sentence: Sentence
    score: float  # fused score used for ranking
    dense: float = 0.0  # cosine similarity to the question
    features: dict = field(default_factory=dict, compare=False)  # the signals behind ``score``


@dataclass(frozen=True)
class Span:
    doc_id: str
    sentence_id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    sentence_id: int
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    abstained: bool
    span: Span | None
    citations: list[Citation]
    closest: list[Citation] = field(default_factory=list)
    reason: str | None = None
    resolved_question: str | None = None
    spans: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

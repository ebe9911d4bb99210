"""HTML rendering of an answer for the chat page.

Every piece of article or user text goes through ``esc`` before it becomes
HTML: HTML metacharacters and the Markdown/LaTeX characters the chat
component would otherwise interpret are turned into character references.
"""
from __future__ import annotations

_ESC = {c: f"&#{ord(c)};" for c in "*_[]`#|~$\\{}!<>&\"'"}
_ESC["\n"] = "<br>"


def esc(text: str) -> str:
    """One pass: HTML metacharacters and Markdown/LaTeX characters become numeric references."""
    return "".join(_ESC.get(c, c) for c in text)


def _marked(sentence: dict, span: dict | None) -> str:
    """The sentence with the answer span wrapped in <mark>, when the span lies inside it."""
    text, start = sentence["text"], sentence["start"]
    if span and span["doc_id"] == sentence["doc_id"] and start <= span["start"] and span["end"] <= sentence["end"]:
        a, b = span["start"] - start, span["end"] - start
        return f"{esc(text[:a])}<mark class='nqa-span'>{esc(text[a:b])}</mark>{esc(text[b:])}"
    return esc(text)


def _paragraph(article_text: str, sentence: dict, para: tuple[int, int] | None) -> str:
    if not para:
        return ""
    ps, pe = para
    s, e = sentence["start"], sentence["end"]
    body = f"{esc(article_text[ps:s])}<b>{esc(article_text[s:e])}</b>{esc(article_text[e:pe])}"
    return f"<details class='nqa-para'><summary>paragraph</summary><p>{body}</p></details>"


def render_answer(ans: dict, context=None) -> str:
    """Chat message HTML. ``context(doc_id, sentence_id)`` -> (article text, (para_start, para_end))."""
    spans = ans.get("spans") or ([ans["span"]] if ans.get("span") else [])
    parts = []
    if ans.get("resolved_question") and ans["resolved_question"] != ans["question"]:
        parts.append(f"<div class='nqa-resolved'>Understood as: {esc(ans['resolved_question'])}</div>")
    cls = "nqa-answer nqa-abstained" if ans["abstained"] else "nqa-answer"
    parts.append(f"<div class='{cls}'>{esc(ans['answer'])}</div>")
    items = ans["citations"] if not ans["abstained"] else ans.get("closest", [])
    if items:
        label = "Sources" if not ans["abstained"] else "Closest passages (not an answer)"
        parts.append(f"<div class='nqa-sources'><div class='nqa-label'>{label}</div>")
        for c in items:
            span = next((sp for sp in spans if sp["sentence_id"] == c["sentence_id"] and sp["doc_id"] == c["doc_id"]), None)
            ctx = context(c["doc_id"], c["sentence_id"]) if context else None
            para = _paragraph(ctx[0], c, ctx[1]) if ctx else ""
            n = f"<span class='nqa-n'>[{c['n']}]</span> " if not ans["abstained"] else "<span class='nqa-n'>·</span> "
            parts.append(
                f"<div class='nqa-cite'>{n}<span class='nqa-sent'>{_marked(c, span)}</span>"
                f"<div class='nqa-meta'>{esc(c['title'])} · chars {c['start']}–{c['end']}</div>{para}</div>"
            )
        parts.append("</div>")
    return "".join(parts)

"""Follow-up questions resolved from the conversation, without an LLM.

- Entity follow-ups: "And Amazon?" / "아마존은?" / "What about Nvidia?" after
  "How much has Microsoft invested in OpenAI?" swap the previous question's
  subject for the new name: "How much has Amazon invested in OpenAI?".
- Question-word follow-ups: "When was that?" / "그건 언제야?" / "Why?" keep the
  previous question's content and change what is asked: "When has Microsoft
  invested in OpenAI?"; the engine also prefers the sentence the last answer cited.
- Year follow-ups: "And for 2032?" / "2032년은?" ask the previous question about another year.
- Earlier-period follow-ups: "작년 같은 기간은?" / "1년 전에는?" / "And a year earlier?" keep the previous
  question as context; the answer takes the figure written after the period word.
- Ranking follow-ups: "그럼 제일 비싼 데는?" swaps the previous question's superlative.
- Several words: "중산리 코스는?" after "설악산 오색 코스에는 …?" swaps the qualifier of 코스; "반려묘 혈액검사는?"
  replaces the previous question's topic of several words.
(The engine also turns "그 사람 …?" / "Where does she live?" into a question about the person the last answer named.)
A question that stands on its own is returned unchanged.
"""
from __future__ import annotations

import re

from index.lexical import particle_variants

from . import glossary
from .analyze import PLACES, content_words, language, question_type, term_list
from .asked import bare_period

_EN_LEAD = re.compile(r"^\s*(?:and|but|so|also|then|ok|okay)?\s*(?:what|how)\s+about\s+|^\s*(?:and|but|also)\s+", re.I)
_KO_LEAD = re.compile(r"^\s*(?:그럼|그러면|그리고|그렇다면|또)\s*")
_PRONOUN = re.compile(r"\b(?:that|it|this|they|them|then|those|he|she|him|her|his|its|their)\b|그것|그게|그건|그거|이것|이건|그때|당시|그 ", re.I)
_EN_WH = re.compile(r"^\s*(how much|how many|how big|how large|when|who|whom|where|why|what|which)\b", re.I)
_KO_WH = re.compile(r"얼마를|얼마나|얼마|언제|누가|누구|어디서|어디에|어디|왜|무엇을|무엇|뭐")
_NEW_WH_EN = {"amount": "How much", "count": "How many", "age": "How old", "date": "When", "person": "Who", "party": "Who", "place": "Where",
              "reason": "Why", "definition": "What"}
_NEW_WH_KO = {"amount": "얼마를", "count": "몇", "age": "몇 살", "date": "언제", "person": "누가", "party": "누가", "place": "어디서",
              "reason": "왜", "definition": "무엇을"}


# a superlative: "가장 싼", "제일 비싼", "the cheapest", "the most expensive"
_SUPERLATIVE = re.compile(r"(?:가장|제일)\s*[\uac00-\ud7a3]+|\b(?:the )?(?:most|least) [a-z]+|\b(?:the )?(?:cheapest|priciest|"
                          r"highest|lowest|largest|biggest|smallest|best|worst|busiest|oldest|youngest|longest|shortest|"
                          r"fastest|slowest)\b", re.I)


# Time words say when, not what about: "작년보다 얼마나 늘었어?" still needs the previous question's subject
_TIME = re.compile(r"작년|지난해|올해|금년|내년|전년|당시|이번|지난달|이달|다음달|분기|상반기|하반기|오늘|어제|최근|현재|"
                   r"\d+\s*(?:년|월|일|개월|개월째)")


# a pointer back at a person the conversation named: "What is that official's job title?", "그 사람 경력은?"
PERSON_BACK = re.compile(r"그\s*(?:사람|선수|감독|연구원|교수|관계자|분)(?=은|는|이|가|의|을|를|에게|\s|$)|"
                          r"\b(?:he|she|him|her)\b|\b(?:that|this|the same) (?:person|official|man|woman|expert|officer|"
                          r"spokes(?:man|woman|person)|professor|researcher|coach|player|doctor)(?='s\b|\b)", re.I)


def _own_predicate(kiwi, q: str) -> bool:
    """Does the follow-up say something of its own besides its question word ("작년보다 얼마나 늘었어?",
    "7개월째부터는?", "In which provinces?"), as opposed to "When was that?" / "그건 언제야?"?"""
    if language(q) == "en":
        return bool([w for w, _ in content_words(q) if not _PRONOUN.fullmatch(w)])
    body = _PRONOUN.sub(" ", _KO_WH.sub(" ", q))
    return any((t.tag in ("VV", "VA") and t.form not in ("하", "되", "그러", "그렇", "이렇", "어떻"))
               or (t.tag in ("NNG", "NNP", "NNB", "SN") and _TIME.search(body))
               for t in kiwi.tokenize(body))


def _is_short(q: str) -> bool:
    # (an English follow-up that opens with "And …" may be longer when it says little of its own: "And over how
    # long a stretch?", "And how much was it before?"; not "And when was construction finished?")
    return len(q.split()) <= 4 or len(q.strip()) <= 12 or \
        (len(q.split()) <= 7 and bool(_EN_LEAD.match(q)) and len(content_words(q)) <= 1)


def _names(kiwi, text: str) -> list[str]:
    return [t for t, is_name in term_list(kiwi, text) if is_name]


def _noun_words(kiwi, text: str) -> list[str]:
    out = []
    for t, _ in term_list(kiwi, text):
        if _TIME.fullmatch(t):
            continue
        m = re.search(r"[\w]*" + re.escape(t) + r"[\w]*", text)
        if m:
            out.append(particle_variants(m.group())[-1] or t)
    return list(dict.fromkeys(out))


def _shape(term: str) -> str:
    if re.search(r"[\uac00-\ud7a3]", term):
        return "ko"
    return "acronym" if term.isupper() else "word"


def _is_topic(term: str, question: str) -> bool:
    """Is ``term`` a whole word marked as the question's topic or subject ("임시주차장은", "최고치는")?"""
    return bool(re.search(re.escape(term) + r"(?:은|는|이|가)(?![\uac00-\ud7a3])", question))


def _has_batchim(word: str) -> bool | None:
    ch = word[-1]
    if "\uac00" <= ch <= "\ud7a3":
        return (ord(ch) - 0xAC00) % 28 != 0
    return None


_PAIRS = {"은": "는", "는": "은", "이": "가", "가": "이", "을": "를", "를": "을", "과": "와", "와": "과"}


def _swap(previous: str, target: str, new: str) -> str:
    """Replace ``target`` by ``new`` once, fixing the Korean particle that follows it."""
    m = re.search(re.escape(target) + r"(은|는|이|가|을|를|과|와)?", previous)
    if not m:
        return previous
    particle = m.group(1) or ""
    batchim = _has_batchim(new)
    if particle and batchim is not None:
        want_batchim = particle in "은이을과"
        if want_batchim != batchim:
            particle = _PAIRS[particle]
    return previous[: m.start()] + new + particle + previous[m.end():]


_WORD_END = r"(?:은|는|이|가|을|를|에는|에서|에|의|도|과|와)?"


def _phrase_swap(previous: str, words: list[str]) -> str | None:
    """A Korean follow-up of several words against the previous question's wording, or None:

    - its last word is a word of the previous question: the words before it replace the one before that word
      ("중산리 코스는?" after "설악산 오색 코스에는 몇 명까지?" -> "설악산 중산리 코스에는 몇 명까지?");
    - else the previous question opens with a topic of two or three words: the follow-up replaces it
      ("반려묘 혈액검사는?" after "반려견 스케일링은 평균 얼마 들어?" -> "반려묘 혈액검사는 평균 얼마 들어?").
    """
    head, qualifier = words[-1], " ".join(words[:-1])
    m = re.search(r"(?<!\S)(\S+)\s+" + re.escape(head) + _WORD_END + r"(?!\S)", previous)
    if m and m.group(1) not in (qualifier, head) and not re.search(r"\d", m.group(1)):
        return previous[:m.start(1)] + qualifier + previous[m.end(1):]
    topic = re.match(r"\s*((?:[\uac00-\ud7a3A-Za-z0-9]+\s+){1,2}[\uac00-\ud7a3A-Za-z0-9]+?)(은|는|이|가)\s", previous)
    if topic and not re.search(r"\d", topic.group(1)):
        return _swap(previous, topic.group(1), " ".join(words))
    return None


def resolve_one(kiwi, question: str, previous: str | None) -> str:
    """The question made self-contained against the previous (already resolved) question."""
    if not previous or not (_is_short(question) or bare_period(question)
                            or (PERSON_BACK.search(question) and question_type(previous) in ("person", "party"))):
        return question  # (a bare period, "And what is it now?", and a pointer at the person just asked may be longer)
    q = question.strip()
    lang_q = language(q)
    body = _KO_LEAD.sub("", _EN_LEAD.sub("", q)).strip(" ?？.!")
    body = re.sub(r"(?:은|는|이|가|의|도|요)$", "", body) if lang_q == "ko" else body
    qtype = question_type(q)
    if bare_period(q):
        # "작년 같은 기간은?" / "1년 전에는?" / "And a year earlier?": the previous question about the earlier period
        # (its figure is picked by the period word before it: ``Asked.period``), not a new subject "기간"
        return f"{q} ({previous.strip()})"
    most = _SUPERLATIVE.search(body)
    was = _SUPERLATIVE.search(previous)
    if most and was and len(body.split()) <= 3 and most.group() != was.group():
        # "그럼 제일 비싼 데는?" after "… 가장 저렴하게 해주는 병원은 얼마를 받았어?": the other end of the same ranking
        return previous[:was.start()] + most.group() + previous[was.end():]
    year = re.fullmatch(r"(?:for|in|of)?\s*((?:19|20)\d\d)(?:년)?(?:에는|에|은|는)?", body, re.I)
    if year and qtype == "other":
        # "And for 2032?" after "... expect for 2031?": the same question about another year
        old = re.search(r"(?:19|20)\d\d", previous)
        if old:
            return previous[:old.start()] + year.group(1) + previous[old.end():]
        # "What about in 2014?" after "How much squid was caught last year?": the year replaces "last year"
        rel = re.search(r"\b(?:in |during )?(?:last|this|next) year\b|작년|지난해|올해|내년|금년", previous, re.I)
        if rel:
            new = f"in {year.group(1)}" if rel.group().isascii() else f"{year.group(1)}년"
            return previous[:rel.start()] + new + previous[rel.end():]
        return f"{previous.rstrip(' ?？')} ({year.group(1)})?"
    group = re.fullmatch(r"(\d+)\s*(대|세|살|층|호|위|등급|학년|번|차|기|회)", body)
    was_group = group and re.search(r"(?<![\d.])\d+\s*" + group.group(2) + r"(?:(?![\uac00-\ud7a3])|(?=은|는|이|가|의|에|도))",
                                    previous)
    if was_group:  # "30대는?" after "이용자 중 20대 비율은 얼마야?": the same question about another group
        return previous[:was_group.start()] + body + previous[was_group.end():]
    new_terms = [t for t, _ in term_list(kiwi, body) if not _PRONOUN.fullmatch(t.lower()) and not _TIME.fullmatch(t)]
    # its own subject: a new term that is not a pointer or a question word ("그때", "뭐")
    own = [t for t in new_terms if not re.fullmatch(r"그때|그건|그게|이건|당시|뭐|무엇|어떻게", t)]
    # the previous question's names, or else the word holding its first noun, whole ("자사주 얼마나 사?" then
    # "배당은?" -> "배당 얼마나 사?", not 배당주)
    prev_terms = _names(kiwi, previous) or _noun_words(kiwi, previous)
    words = body.split()
    if lang_q == "ko" and qtype == "other" and not _PRONOUN.search(q) and 2 <= len(words) <= 3:
        swapped = _phrase_swap(previous, words)
        if swapped:
            return swapped
    if new_terms and qtype == "other" and not _PRONOUN.search(q):
        # entity swap: replace the previous question's first name with the new one
        if prev_terms:
            new = new_terms[0]
            # the whole word as written ("육식공룡은?": 육식공룡, though kiwi reads 육식 + 공룡)
            # (or ending with it: "야드크레인은?", where kiwi reads 야드 + 크레인)
            new = next((w for w in (re.sub(r"(?:은|는|이|가|도|요)$", "", x) for x in body.split())
                        if new in w and re.fullmatch(r"[\uac00-\ud7a3]+", w)), new)
            same = [t for t in prev_terms if _shape(t) == _shape(new)]
            if new.lower() in PLACES:  # "And the US share?" after "… went to China?": a place replaces a place
                places = [t for t in prev_terms if t.lower() in PLACES]
                if places:  # ("일본은?" after "북미 스타디움 공연은 몇 회나?": 북미, not the topic 공연)
                    return _swap(previous, places[0], new)
            # the topic of a Korean question ("임시주차장은" in "내년 축제 때 임시주차장은 몇 곳?") is what "셔틀버스는?" replaces
            topic = [t for t in same if _is_topic(t, previous)]
            if not topic and _shape(new) == "ko" and prev_terms != (nouns := _noun_words(kiwi, previous)):
                # a common noun replaces the previous question's topic noun, not a name elsewhere in it ("기준치는?"
                # after "측정된 소음 최고치는 몇 데시벨이었어?" replaces 최고치, not 데시벨)
                topic = [t for t in nouns if _shape(t) == "ko" and _is_topic(t, previous)][:1]
            # ... unless a noun right before it qualifies it: "청소년은?" after "성인 관람료는 얼마야?" replaces 성인
            # (a name only by a name: "SK하이닉스는?" after "삼성전자 영업이익은?" replaces 삼성전자, but "옵션은?" after
            # "윤태경 계약금은 얼마 받아?" replaces 계약금, not 윤태경)
            named = set() if new_terms[0] in _names(kiwi, body) else set(_names(kiwi, previous))
            # (but a word with the topic's own head is its sibling: "야드크레인은?" after "8부두 안벽크레인은 몇 대야?")
            topic = [next((u for u in same if u + " " + t in previous and u not in named
                           and not (len(t) >= 3 and len(new) >= 3 and t[-2:] == new[-2:])), t) for t in topic]
            if not topic and _shape(new) == "ko":
                # no topic marked: the noun right before the question word is what is asked about ("자전거는?" after
                # "신규 대여소 몇 곳 만든대?" replaces 대여소, not 신규; "라테는?" after "해오름커피 아메리카노 얼마로 올라?")
                asked_of = re.search(r"(\S+?)" + _WORD_END + r"\s*(?:몇|얼마|언제|어디|누가|누구|무엇|뭐)", previous)
                topic = [t for t in same if asked_of and asked_of.group(1) == t][:1]
            return _swap(previous, (topic or same or prev_terms)[0], new)
        return f"{previous} ({new_terms[0]})"
    pointer = bool(_PRONOUN.search(q))
    if qtype != "other" and own and not pointer:
        return question  # its own subject and its own question word ("지분은 어떻게 나뉘어?"): stands alone
    if qtype == "other" and not own and not pointer and lang_q == "en" and \
            not re.search(r"\b(?:which|what|where|when|who|whom|how|why)\b", body, re.I):
        # "And the refinancing rate?" after "What is the new deposit rate?": the same question about it
        # ("What's the regular fare?" then "What about first class?": "What is first class?", with the earlier
        # question as context: it says what is asked, the fare)
        ask = re.match(r"\s*(how much|how many|what|when|where|who|which)(?:\s+(is|was|are|were|did|does|do|has|have|will)\b|['’]s\b)",
                       previous, re.I)
        if not ask:
            return question
        # (the earlier question stays as context unless the follow-up names a thing of its own: the head of the
        # earlier one, "rate" of "deposit rate", or a measure the glossary knows, "operating profit" after "revenue")
        shared = {w for w in re.findall(r"[a-z]{3,}", body.lower())} & set(re.findall(r"[a-z]{3,}", previous.lower()))
        whole = bool(shared) or bool(glossary.english_concepts(body))
        return f"{ask.group(1)} {ask.group(2) or 'is'} {body}?" + ("" if whole else f" ({previous.strip()})")
    if own or _own_predicate(kiwi, q):
        # a pointer back ("그때 기업가치는 얼마였어?") or its own wording without a subject ("작년보다 얼마나
        # 늘었어?", "7개월째부터는?", "In which provinces?"): keep it, with the earlier question as context
        return f"{q} ({previous.strip()})"
    if qtype != "other":
        if language(previous) == "ko":
            new = _NEW_WH_KO.get(qtype, "")
            # (no question word to replace, "… 몇 곳을 점검한대?" then "그건 언제 한대?": the new question, with the
            # earlier one as context)
            return _KO_WH.sub(new, previous, count=1) if _KO_WH.search(previous) else f"{q} ({previous.strip()})"
        new = _NEW_WH_EN.get(qtype, "What")
        if _EN_WH.search(previous):
            swapped = _EN_WH.sub(new, previous, count=1)
            # the same question word ("And how much was it before?" after "How much …?"): its own words are context
            return swapped if swapped.lower() != previous.lower() else f"{q} ({previous.strip()})"
        return f"{new} — {previous}"
    if pointer:
        return f"{q} ({previous.strip()})"
    return question


def is_followup(question: str, resolved: str) -> bool:
    return resolved != question


def resolve(kiwi, question: str, history: list[str]) -> str:
    """Resolve ``question`` against earlier questions (oldest first), each resolved in turn."""
    prev = None
    for h in history:
        prev = resolve_one(kiwi, h, prev) if h and h.strip() else prev
    return resolve_one(kiwi, question, prev)

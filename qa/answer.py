"""Answering: ranked hits -> an Answer with numbered citations and spans.

The answer is always article text, never generated. Decisions come from
evidence, not from a similarity threshold:

- a name or term the question needs that the article never mentions
  (alias-aware) -> abstain: "The article does not mention Samsung.";
- a question that needs an amount/date/count and no candidate sentence about
  its subject holds one -> abstain;
- the only typed evidence is about a different subject (a name of the question
  is in neither the sentence nor the sentence before it) -> abstain.
Otherwise the best sentence is cited with its answer span; a broad question
("How much has Microsoft invested?") gets every distinct fact, each cited.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from index.numbers import mentions
from index.store import Index

from .asked import AREA, DURATION, FREQUENCY, LENGTH, PERIODS, WEIGHT, Asked, own_words, unit_ok, years_in
from .asked import asked as read_asked
from .records import Answer, Citation, Hit, Span
from .fit import dates_in, grain_ok, kind_of, sentence_fit
from .places import place_names
from .retrieve import speaker_tag
from .spans import REPORTED, ROLE_EN, KO_TITLES, TITLES, TOP_WORDS, TYPED, WHO, answer_span, best_clause, organisations, has_place, kinds_in, lead, persons, rank_kind, role_names

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
NOT_SAID = {"en": "The article does not say.", "ko": "기사에 해당 내용이 없습니다."}
MAX_FACTS = 3
FACT_MARGIN = 1.2  # a further fact must score within this of the best one
FIT_MARGIN = 2.0  # how far below the top match a sentence whose figure fits "모두" / "1인당" / "작년" may score
# "회사는 ... 채용할 계획이다": the sentence's subject is the story's company, named earlier
_STORY_ANAPHOR = re.compile(r"(?:^|[\s,])(?:이 |같은 )?회사(?: 측)?(?:는|은|가|의)\s|^(?:The|the) (?:company|firm|group|bank)\b")
TYPE_MARGIN = 0.5  # how far below the top match a sentence of the asked kind (a reason...) may score
# how far below the top match a sentence may score and still win by its kind of figure (원 before 명, the asked
# unit, more digits; retrieval already weighs the asked unit and kind, qa.retrieve.figure_features), unless its
# figure fits the question's "모두" / "1인당" / "작년" (FIT_MARGIN covers those) or it names the question's own
# dates ("1년 전에는?")
KIND_MARGIN = 0.3
TYPE_WORDS = {
    "en": {"amount": "an amount", "count": "a number", "percent": "a figure", "date": "a date", "person": "a name", "party": "a name",
           "age": "an age", "place": "a place"},
    "ko": {"amount": "금액", "count": "수치", "percent": "수치", "date": "날짜", "person": "인물", "party": "이름", "age": "나이",
           "place": "장소"},
}


@dataclass(frozen=True)
class Need:
    """What the question needs from the article."""

    lang: str
    qtype: str
    names: list[tuple[str, tuple[str, ...]]]  # (name as asked, surface forms incl. aliases)
    nouns: list[tuple[str, tuple[str, ...]]]
    subject: str | None = None  # the name the question is about ("Microsoft" in "How much has Microsoft invested in X")
    target: str | None = None  # the name on the receiving end ("X")
    known: dict | None = None  # every name the article glosses: key -> surface forms, for role checks
    places: frozenset = frozenset()  # country/region names: must exist in the article, not in the cited sentence
    words: list = None  # English content-word stems: weak evidence for choosing a clause, never required
    topics: dict | None = None  # doc_id -> name forms of its title: facts about the story's subject come first
    concepts: tuple = ()  # (word as asked, forms in both languages, concrete, korean, english)
    head: str | None = None  # the noun the question measures ("목표" in "연간 수주 목표는 얼마야?") from qa/glossary.py
    owner: str | None = None  # the name that owns the subject ("중기부" of "중기부 바우처는"): a party of its own
    verbs: tuple = ()  # (stem, surface forms) of a Korean question's verbs (꺼지: 꺼진, 꺼졌 …): which date a verb is said of
    compounds: tuple = ()  # (compound, first noun) of a Korean question's nouns written as one word: 기초연금, 기초
    role: str | None = None  # the role a Korean who-question asks for: 캐디 of "윤서진 캐디 이름이 뭐야?", 주장 of "주장은 누구야?"

    @property
    def exclude(self) -> tuple[str, ...]:
        return tuple(f for _, forms in self.names for f in forms)


def citation(n: int, hit: Hit, index: Index) -> Citation:
    s = hit.sentence
    title = index.articles[s.doc_id].title
    return Citation(n, s.doc_id, title, s.sent_id, s.start, s.end, s.text, round(float(hit.score), 4))


def _in(text: str, forms: tuple[str, ...]) -> bool:
    return any(f in text for f in forms)


# Nouns that frame a Korean question rather than name what it is about; they need not occur in the article.
GENERIC_KO = set("""예상 예정 방침 가운데 처음 매체 사람 정식 명칭 언급 이점 관계자 인터뷰 당국자 스코어 점수 그때 다음 이번 당시 내용 정보 관련 사실 부분 경우 이유 목적 방법 결과
영향 의미 뜻 설명 소식 보도 기사 발표 계획 전망 상황 문제 측면 점 쪽 곳 분 명 회사 기업 업체 곳 누구 무엇 얼마 정도 규모 금액
퍼센트 프로 포인트 시점 날짜 기간 최근 현재 지금 일주일 하루 앞으로 향후 이후 이전 전 후 중 말 얘기 이야기 질문 답 요약 핵심 주요 전체 총 각각
마지막 이맘때 그동안 그간 시간대""".split())
# Nouns that describe who a "who" or quote question asks for ("…고 한 전문가 누구야?"): the article gives the person's
# own title (교수, 연구위원, 과장) instead, so the describing word need not occur in it
PERSON_KO = set("전문가 공무원 대리인 담당자 직원 책임자 실무자 당국자 인사 인물 사람 선수 역할 배역 임원 간부 경영진 관리자".split())
# prefixes a question may put on a noun the article has: 신제품 (제품), 저소득 (소득), 첫날 (날), 총사업비 (사업비)
_NOUN_PREFIX = set("신새저고첫총")


SPECIFIC_LEN = 7
_PERIOD_NOUN = re.compile(r"전년|동기|작년|올해|내년|금년|지난해|이듬해|상반기|하반기|분기|연간|월간|[주월]간")
_NOT_QUALIFIER = {"대상", "중간", "나중", "요즘", "평소", "당초", "최초", "평균", "최대", "최소", "이상", "이하", "미만"}
QUALIFIER_MAX = 2  # a question word the article says at most this often is specific enough to narrow the evidence
_JOSA_Q = r"에서는|에서|에는|으로|에게|에|의|은|는|이|가|을|를|로|와|과|도|만"
GENERIC_EN = set("""say said tell mention happen mean expect think describ explain call give get make take become
know show report announc plan accord main key import new next last first recent current term detail fact point
part reason purpose way result impact effect differ compar change level amount number figure valu much many long
kind type thing stuff peopl someon anyon compan firm organ articl stori news""".split())


def missing(need: Need, haystack: str) -> list[str]:
    """Names absent from the article, and in a Korean article the Korean nouns a question is about.

    Frame nouns (GENERIC_KO) and Korean nouns asked about an English article are not required.
    """
    hangul = bool(_HANGUL.search(haystack))
    # (a Korean article is about Korea unless it says otherwise: "한국에 언제 들어와?" needs no 한국 in it)
    gone = [n for n, forms in need.names if not _in(haystack, forms) and not (hangul and {"한국", "korea"} & set(forms))]
    # a two-syllable common noun (시작, 진행, 규모) is too often the question's own wording for what the
    # article says differently; it is required only when the glossary marks it a concrete topic (주가)
    concrete = {w for w, _ in concrete_topics(need)}
    nouns = [(n, f) for n, f in need.nouns if _HANGUL.search(n) and hangul and n not in GENERIC_KO
             and (len(n) > 2 or n in concrete) and not (n in PERSON_KO and need.qtype in WHO + ("quote",))]
    gone += [n for n, forms in nouns if not _in(haystack, forms) and not _stem_in(n, haystack)
             and not (n[0] in _NOUN_PREFIX and len(n) >= 3 and n[1:] in haystack)]
    if not hangul and need.lang == "en":  # English question, English article: its content words must occur too
        # only specific words (7+ letters): short ones are too often a synonym of the article's wording
        gone += [w for w, forms in (need.words or []) if len(w) >= SPECIFIC_LEN and forms[0] not in GENERIC_EN
                 and not _in(haystack, forms)]
    # the role a who-question asks for ("윤서진 캐디 이름이 뭐야?", "노바스타 주장은 누구예요?"), in no form in the article
    role = need.role if need.qtype in WHO and hangul else None
    if role and role not in GENERIC_KO and role not in PERSON_KO and role not in gone:
        forms = next((f for n, f in need.nouns if n == role), None)  # (a noun of the question, not "한다고 누가")
        gone += [role] if forms and not _in(haystack, forms) and not _stem_in(role, haystack) else []
    # a compound naming a kind the article never names (기초연금 over a story about 국민연금): neither the compound
    # nor its first noun is in it (a wh-word is no kind: 얼마어치)
    flat = haystack.replace(" ", "")
    gone += [w for w, first in need.compounds if hangul and len(first) >= 2 and first not in GENERIC_KO
             and not first.startswith(("얼마", "무엇", "어디", "누구")) and w not in flat and first not in flat and w not in gone]
    # concrete vocabulary ("stock price", "설립") in any language the article may use
    gone += [w for w, forms in concrete_topics(need) if w not in gone and not mentions_any(haystack, forms)]
    return gone


# noun suffixes that make a compound of a noun the article has: 사기범 (사기), 피해액 (피해), 접종자 (접종), 득표수 (득표),
# 삼성전 (삼성: the game against Samsung), 치료법 (치료), 휴가철 (휴가), 집값 (집), 찬성표 (찬성)
_NOUN_SUFFIX = set("범자원생가율률량액금비세권층별용형식성적화수전법철값표")


def _stem_in(noun: str, haystack: str) -> bool:
    """Does the article have the noun a suffixed compound is made of ("사기범" when it says 사기)?"""
    return len(noun) >= 3 and noun[-1] in _NOUN_SUFFIX and noun[:-1] in haystack


_PARTICLE_END = set("가이은는을를의도에로와과만")  # a syllable that may be a particle after a shorter word


def mentions_any(text: str, forms: tuple[str, ...]) -> bool:
    """Like ``_in``, but a short Korean word must start a word, or follow a prefix of nouns (본예산, 총매출, 순이익):
    주가 (share price) is not in 조지아주가."""
    for f in forms:
        if _HANGUL.search(f) and len(f) <= 2:
            if re.search(r"(?:(?<![\uac00-\ud7a3])|(?<![\uac00-\ud7a3])[본총순신새첫])" + re.escape(f), text):
                return True
            # inside a compound when more of it follows (지역본부장 has 본부), or ending one when its last syllable is
            # no particle (가락시장 has 시장; 주가 is not in 조지아주가)
            if re.search(r"(?<=[\uac00-\ud7a3]{2})" + re.escape(f) + r"(?=[\uac00-\ud7a3])", text) or \
                    (f[-1] not in _PARTICLE_END and re.search(r"(?<=[\uac00-\ud7a3]{2})" + re.escape(f), text)):
                return True
        elif f in text:
            return True
    return False


def _joined(pairs) -> dict[str, tuple[str, ...]]:
    """(key, forms) pairs with the forms of one key joined, in order."""
    out: dict[str, tuple[str, ...]] = {}
    for key, forms in pairs:
        out[key] = tuple(dict.fromkeys(out.get(key, ()) + tuple(forms)))
    return out


def _merged(groups: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Groups of forms with the same first form joined into one, in order: (피해액,) and (피해액, 피해 금액, loss)."""
    return list(_joined((forms[0], forms) for forms in groups if forms).values())


def concrete_topics(need: Need) -> list[tuple[str, tuple[str, ...]]]:
    """(word as asked, forms) of the question's concrete glossary topics ("stock price", "주가"); a word the table
    gives two senses on two lines with the same English ("loss": 손실 or 피해액) is found by the forms of either."""
    senses = {(w, c[1]) for w, _, concrete, *c in need.concepts if concrete and len(c) > 1}  # (word, its English)
    return list(_joined((w, forms) for w, forms, concrete, *c in need.concepts
                        if concrete or (len(c) > 1 and (w, c[1]) in senses)).items())


def _not_mentioned(lang: str, terms: list[str]) -> str:
    joined = ", ".join(terms)
    return f"기사에는 {joined}에 대한 언급이 없습니다." if lang == "ko" else f"The article does not mention {joined}."


def _no_type(lang: str, qtype: str) -> str:
    w = TYPE_WORDS[lang].get(qtype, "")
    return f"기사에는 이 질문에 대한 {w} 정보가 없습니다." if lang == "ko" else f"The article does not give {w} for this."


def _other_subject(lang: str, names: list[str]) -> str:
    joined = ", ".join(names)
    if not names:  # each word is in some close sentence, but no sentence holds them all
        return ("기사에서 이 질문의 내용을 함께 다룬 문장을 찾을 수 없습니다. 가까운 문장은 다른 대상에 관한 것입니다."
                if lang == "ko" else "No sentence of the article says this; the closest passages are about something else.")
    if lang == "ko":
        return f"기사에서 {joined}에 대한 해당 내용을 찾을 수 없습니다. 가까운 문장은 다른 대상에 관한 것입니다."
    return f"The article does not say this about {joined}; the closest passages are about something else."


def _title(index: Index, hit: Hit) -> str:
    """The lower-cased headline of the hit's article."""
    return index.articles[hit.sentence.doc_id].title.lower()


# a sentence that points back at a party named before ("직원 46명인 이 회사는", "이씨는", "He said"): the two
# sentences before it, across a paragraph break, say who it is
_POINTER = re.compile(r"(?:^|[\s,(\"“])(?:이|그|해당|같은) (?:회사|업체|기업|단체|법인|기관|병원|학교|매장|농가|공장|스타트업)"
                      r"|(?:^|\s)(?:이곳|그곳)|(?:^|\s)[\uac00-\ud7a3] ?씨(?:는|가|의|도|에게)\s|(?:^|\s)그(?:는|가|녀는)\s"
                      r"|^(?:시|도|군|구|회사|업체|공단)(?:는|은|가|도)\s"  # "도는 이를 위해": the province named before
                      r"|\b(?:[Hh]e|[Ss]he|[Tt]he (?:company|firm|startup))\b")


@lru_cache(maxsize=20_000)
def _points_back(text: str) -> bool:
    return bool(_POINTER.search(text))


def _context(index: Index, hit: Hit) -> str:
    s = hit.sentence
    prev = index.sentences[s.sent_id - 1] if s.sent_id > 0 else None
    same_para = prev is not None and prev.para_start == s.para_start
    if prev is not None and prev.doc_id == s.doc_id and _points_back(s.text):
        before = index.sentences[s.sent_id - 2] if s.sent_id > 1 else None
        far = before.text if before is not None and before.doc_id == s.doc_id else ""
        return (s.text + "\n" + prev.text + "\n" + far).lower()
    tag = speaker_tag(index, s.sent_id)  # a quote under an interview tag is the tagged person's
    return (s.text + "\n" + (prev.text if same_para or tag else "")).lower()


def _wrong_roles(need: Need, text: str) -> bool:
    """The sentence's own subject or recipient is another named party than the question's."""
    if need.subject in need.places:  # "How much cheaper are Chinese shipyards?": a place locates, it is no party
        need = replace(need, subject=None)
    if not (need.subject or need.target):
        return False
    forms = dict(need.names)
    names = {**(need.known or {}), **forms}
    subj, targ = role_names(text, names)

    def same(key, asked):
        return asked is not None and (key == asked or set(names.get(key, ())) & set(forms.get(asked, ())))

    if need.target and any(not same(k, need.target) and not same(k, need.subject) for k in targ):
        return True
    if need.qtype in WHO:
        return False  # "who"/"which company" asks for the sentence's own party: the asked names are objects
    asked = forms.get(need.subject, ())
    if any(re.search(re.escape(f) + r"(?:의 (?:보도|발표|설명|분석|자료)|에 따르면)|according to " + re.escape(f), text.lower())
           for f in asked):
        return False  # the asked party is the sentence's source ("CNBC의 보도에 따르면"): its grammar is the story's
    quoted = " ".join(re.findall(r"[\"“]([^\"“”]+)[\"”]", text)).lower()
    if any(f in quoted for f in asked):
        return False  # said about the asked name in a quote: the speaker is the sentence's subject, not its party
    # (a name of the question other than its target is no other party: "When is the English camp held at Naechon
    # Elementary?" is answered by "내촌초는 … 영어 캠프를 연다")
    parties = [need.subject, need.owner, *(n for n, _ in need.names if n != need.target)]
    if need.subject and subj and not any(same(k, p) for k in subj for p in parties):
        return True  # the sentence is about another party, or the roles are swapped (OpenAI buys from AWS)
    return False


def weighted_terms(need: Need, haystack: str) -> list[tuple[tuple[str, ...], float]]:
    """Forms of every question term with a weight: subjects and rare terms count more."""
    out = []
    for term, forms in need.names + need.nouns:
        count = sum(haystack.count(f) for f in forms)
        w = 2.0 + 2.0 / (1 + count) + (1.0 if term == need.subject else 0.0)
        out.append((forms, w))
    out += [(forms, 1.0) for _, forms in (need.words or [])]
    return out


def _abstain(question: str, reason: str, hits: list[Hit], index: Index) -> Answer:
    closest = [citation(i + 1, h, index) for i, h in enumerate(hits[:3])]
    return Answer(question, reason, True, None, [], closest, reason)


def _unnamed(need: Need, index: Index, h: Hit) -> list[str]:
    """Names of the question that neither the sentence nor the one before mentions; the story's own
    subject may go unsaid ("The next meeting is on April 24" in a story about the ECB), unless the
    sentence names another party of the story instead."""
    asked = {f for _, forms in need.names for f in forms}
    parties = {f for forms in (need.known or {}).values() for f in forms}
    story = (need.topics or {}).get(h.sentence.doc_id, ())
    ctx = _context(index, h)
    others = [f for f in story if f in ctx and f in parties and f not in asked]
    anaphor = _STORY_ANAPHOR.search(h.sentence.text)
    title = _title(index, h)  # a name in the headline is the story's subject too
    return [n for n, forms in need.names if n not in need.places and not _in(ctx, forms) and not _by_surname(n, ctx)
            and not ((set(forms) & set(story) or any(len(f) >= 2 and f in title for f in forms))
                     and (anaphor or not others))]


_SURNAME_TITLE = re.compile(rf"(?<![\uac00-\ud7a3])([\uac00-\ud7a3])\s?(?:씨|{KO_TITLES})(?:은|는|이|가|의|도|에게)?(?![\uac00-\ud7a3])")


def _by_surname(name: str, ctx: str) -> bool:
    """A Korean full name the sentence gives as its surname and title: "한 대표는" for 한도윤, "이씨는" for 이정호."""
    return bool(re.fullmatch(r"[\uac00-\ud7a3]{3}", name)) and any(m.group(1) == name[0] for m in _SURNAME_TITLE.finditer(ctx))


_ASKS_REPORTER = re.compile(r"기자|특파원|취재|작성|\breporter|\bwrote\b|\bwritten\b|\bbyline|\bcorrespondent", re.I)


# a broadcast report's hand-over or sign-off ("윤서영 기자가 보도합니다.", "KBS 뉴스 박서연입니다."): the reporter, no source
_SIGN_OFF = re.compile(r"(?:\[[^\]]+\]\s*)?[\uac00-\ud7a3]{2,4}(?<![은는이가])\s*(?:기자|특파원)(?:가|이)?\s*(?:보도합니다|전합니다|입니다|였습니다)\.?$|"
                       r"[A-Z가-힣]+\s*뉴스\s*[\uac00-\ud7a3]{2,4}(?:\s*기자)?입니다\.?$")


def _is_byline(s) -> bool:
    """A dateline or byline piece ("(부산=연합뉴스) 박지훈 기자 =", "jhpark@yna.co.kr"), not a photo caption."""
    return (s.kind == "caption" and bool(re.search(r"(?:기자|특파원|통신원)\s*[=\]]?\s*$|@", s.text))) \
        or bool(_SIGN_OFF.match(s.text.strip()))


_QUARTER = re.compile(r"([1-4])\s*분기|\bq([1-4])\b|\b(first|second|third|fourth)[- ]quarter", re.I)
_HALF = re.compile(r"(상반기|\bfirst half\b|\bh1\b)|(하반기|\bsecond half\b|\bh2\b)", re.I)
_ORDINAL_EN = {"first": "1", "second": "2", "third": "3", "fourth": "4"}


# a period a figure is compared with is not the period it is about: "올해 1분기 매출이 지난해 같은 기간보다 늘었다"
_BASELINE = re.compile(r"(?:지난해|작년|전년|올해|금년|내년|전\s*분기|[1-4]\s*분기|상반기|하반기)\s*(?:같은\s*기간|동기)?\s*"
                       r"(?:보다|대비|에\s*비해|比)|\b(?:than|from|over|compared (?:with|to))\s+(?:a year (?:earlier|ago|before)|"
                       r"(?:the )?(?:last|previous|prior) (?:year|quarter)|(?:the )?same (?:period|quarter) (?:of|last) (?:the )?(?:previous )?"
                       r"year)|\byear[- ]on[- ]year\b", re.I)


def _periods(text: str) -> set[str]:
    """The periods a text names: last / this / next year (asked.PERIODS), a quarter (q1..q4), a half (h1, h2);
    periods named only as the baseline of a comparison ("지난해 같은 기간보다", "than a year earlier") left out."""
    text = _BASELINE.sub(" ", text)
    found = {name for name, pat in PERIODS if pat.search(text)}
    found |= {"q" + (m.group(1) or m.group(2) or _ORDINAL_EN[m.group(3).lower()]) for m in _QUARTER.finditer(text)}
    found |= {"h1" if m.group(1) else "h2" for m in _HALF.finditer(text)}
    return found


def _other_period(text: str, periods: set[str]) -> bool:
    """The text names a period, and none of the asked ones (``_periods``)."""
    found = _periods(text)
    return bool(found) and not (found & periods)


def _other_year(text: str, years: set[str]) -> bool:
    """The text names a year, and none of the asked ones."""
    found = set(years_in(text))
    return bool(found) and not (found & years)


def _with_concepts(need: Need, word: str, forms: tuple[str, ...]) -> tuple[str, ...]:
    """A question word's forms and those of the glossary concept it was found as (검거 with 체포)."""
    return forms + tuple(f for w, fs, *_ in need.concepts if w == word for f in fs)


def _fit_scores(typed: list[Hit], qtype: str, asked: Asked, margin: float) -> dict[int, int]:
    """``sentence_fit`` of the hits scoring within ``margin`` of the first (0 for the others), by id."""
    return {id(h): sentence_fit(h.sentence.text, qtype, asked) if h.score >= typed[0].score - margin else 0
            for h in typed}


_HEADS = {"대표", "대표이사", "사장", "회장", "ceo", "최고경영자", "chief executive", "president", "chairman"}


def _title_forms(title: str, need: Need) -> list[str]:
    """A Korean title as the article may write it: 대표이사 also as 대표, 총재 also as "president" (glossary)."""
    forms = [title] + ([title[:2]] if title.startswith("대표") else [])
    return forms + [f for w, fs, *_ in need.concepts if w.lower() == title for f in fs]


_TENS_DAE = re.compile(r"[1-9]0\s*대")


# counters of one kind of thing: a figure in another counter counts something else (112회 is no number of seats);
# each with the counters that count the same thing (가구 and 세대 are both households, 장 and 매 tickets)
STRICT_UNITS = {**{u: u for u in "석 표 척 마리 포기 권".split()}, "가구": "가구|세대", "세대": "세대|가구", "장": "장|매"}


_ASKS_YEARS = re.compile(r"몇\s*년(?!도)|how many years", re.I)
_IN_YEARS = re.compile(r"[\d십백천만]\s*(?:여\s*)?년|\byears?\b", re.I)


def _strict_count(text: str, m, unit: str) -> bool:
    """A figure in the strict counter asked for (``STRICT_UNITS``), or one that counts it in another counter right
    after naming it ("설치 가구를 3천500곳까지")."""
    if m.kind != "quantity":
        return False
    alts = STRICT_UNITS[unit]
    return bool(re.search(rf"[\d십백천만억]\s*(?:여\s*)?(?:{alts})$", m.text)
                or re.search(rf"(?:{alts})(?:은|는|이|가|을|를|도)?\s*(?:[^\s,]+\s+)?$", text[max(0, m.start - 14):m.start]))


def _counts_in(m, unit: str) -> bool:
    """Does the figure ``m`` count in the question's unit (``asked.count_unit``)? A length of time ("얼마나
    걸려?", "징역 몇 년?") is answered by one (18분, 12년), not by 1회. Otherwise a count of people (12명)
    answers "몇 명" and no count of things ("대포통장은 몇 개?"), and the other way round; a length of time
    counts no things, and a tens figure in 대 ("60대 이상", "20대 총책") is an age bracket as often as
    vehicles, so it counts only 대."""
    if m.kind != "quantity" or (unit != "대" and _TENS_DAE.fullmatch(m.text)):
        return False
    if unit in (DURATION, FREQUENCY, LENGTH, WEIGHT, AREA):
        return unit_ok(m.text, unit)
    return m.text.endswith("명") == (unit == "명") and not unit_ok(m.text, DURATION)
_LOCAL_HEAD = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,4})(?:시|군|구|도)?(시장|군수|구청장|도지사)(?=은|는|이|가|의|도|[\s?]|$)")


_ATHLETE = {"선수", "player", "athlete", "runner"}


def role_forms(question: str, need: Need) -> tuple[str, ...]:
    """Forms of the titles a who-question asks for ("대표이사", "CFO", "coach" -> 감독), lower-cased."""
    titles = [t.lower() for t in re.findall(TITLES, question)]
    # the head of a Korean city, county or province after its name: 창원시장 (mayor), 울진군수, 경남도지사
    titles += [m.group(2) for m in _LOCAL_HEAD.finditer(question) if m.group(1) in place_names()]
    forms = [f for t in titles for f in _title_forms(t, need)]
    # (a role of several words ends in one: "head coach")
    forms += [f for w, fs, *_ in need.concepts if ROLE_EN.fullmatch(w.lower()) or ROLE_EN.fullmatch(w.lower().split()[-1])
              for f in fs]
    if set(forms) & _HEADS:  # who heads it: 대표, 사장, 회장 and CEO all name the head of a company
        forms += sorted(_HEADS)
    # the chair of a committee or commission is its 위원장 (최저임금위원장)
    if {"회장", "의장"} & set(forms) and (re.search(r"\b(?:committee|commission|council|board)\b|위원회", question, re.I)
                                         or any(f.endswith("위원회") for _, fs in need.names for f in fs)):
        forms.append("위원장")
    # a Korean role of a field ("연구자"): any title of that field answers (책임연구원, 연구위원)
    forms += [f[:-1] + end for f in forms if re.fullmatch(r"[\uac00-\ud7a3]{2}자", f) for end in ("원", "위원", "관", "사")]
    return tuple(dict.fromkeys(forms))


_TITLE_AFTER = re.compile(r"(?:의)?\s*(" + TITLES + ")")


def _title_after(question: str, name: str):
    """The title right after ``name`` in the question ("울산 감독"), as a match, or None; one compiled pattern
    (TITLES is long: a pattern per name would be compiled again for most questions)."""
    i = question.find(name)
    while i >= 0:
        m = _TITLE_AFTER.match(question, i + len(name))
        if m:
            return m
        i = question.find(name, i + 1)
    return None


# an English title tied to a name: "the head coach of (the) Goyang …", "WithU's CEO" (one pattern each, the name
# checked by hand, as in ``_title_after``)
_EN_TITLE = rf"((?:head |vice |assistant )?(?:{ROLE_EN.pattern}))"
_EN_TITLE_OF = re.compile(rf"\b{_EN_TITLE}\s+(?:of|at|for)\s+", re.I)
_EN_TITLE_POSS = re.compile(rf"(?:'s|’s)\s+{_EN_TITLE}\b", re.I)


def _title_of_en(question: str, name: str) -> str | None:
    """The English title an English question ties to ``name``: "head coach" of "the head coach of the Goyang
    team", "CEO" of "WithU's CEO"; else None."""
    low, n = question.lower(), name.lower()

    def whole(i: int) -> bool:  # the name ends at a word's end
        return not low[i:i + 1].isalnum()

    for m in _EN_TITLE_OF.finditer(question):
        rest = m.end() + (4 if low.startswith("the ", m.end()) else 0)
        if (low.startswith(n, rest) and whole(rest + len(n))) or (low.startswith(n, m.end()) and whole(m.end() + len(n))):
            return m.group(1)
    for m in _EN_TITLE_POSS.finditer(question):
        start = m.start() - len(n)
        if start >= 0 and low[start:m.start()] == n and not low[start - 1:start].isalnum():
            return m.group(1)
    return None


def _tied_titles(question: str, need: Need) -> list[tuple[str, tuple[str, ...], list[str]]]:
    """(name, its forms, title forms) for each name the question ties a title to: "울산 감독", "한결반도체 대표이사",
    "the head coach of the Goyang team" (감독); worked out once per question for ``_affiliated``."""
    out = []
    for name, forms in need.names:
        m = _title_after(question, name)
        if m:
            out.append((name, forms, _title_forms(m.group(1).lower(), need)))
            continue
        en = _title_of_en(question, name)  # its Korean forms too (감독, 대표; 위원장 of a commission's chairman)
        if en:
            out.append((name, forms, [en.lower(), *role_forms(question, need)]))
    return out


def _affiliated(tied: list[tuple[str, tuple[str, ...], list[str]]], text: str) -> bool:
    """A title the question ties to a name (``_tied_titles``) must be tied to it in the sentence too ("김현준 포항
    감독" is not Ulsan's coach). A gloss in parentheses does not part them:
    "충북약사회(Chungbuk Pharmaceutical Association) 한은주 회장은"."""
    lows = (text.lower(), re.sub(r"\([^()]{1,80}\)", "", text.lower()))  # (a title may be the gloss: "최고경영자(CEO)")
    for name, forms, titles in tied:
        # (the body may come between: "김태윤 중소벤처기업부 수출지원과장은")
        if not any(re.search(re.escape(f) + r"[^.?!,\"“]{0,24}?" + re.escape(t), low) for low in lows for f in forms for t in titles) \
                and not (re.fullmatch(r"[\uac00-\ud7a3]{3}", name)  # "한 대표는" for 한도윤 대표
                         and any(re.search(rf"(?<![\uac00-\ud7a3]){name[0]}\s?{re.escape(t)}", lows[0]) for t in titles)):
            return False
    return True


# a question about something that happened, and a date still ahead
# (a verb in the past: a syllable closed by ㅆ, 했/됐/생겼/왔, before the ending; not 있 or the future 겠)
_Q_ENDING = r"어요|어|나요|나|니|냐|습니까|는지|지요|지|죠|대|던가"  # the ending of a Korean question's last verb
_PAST_Q = re.compile(r"[\uac00-\ud7a3](?<=[" + "".join(chr(0xAC00 + i) for i in range(20, 11172, 28)) + r"])(?<![있겠])"
                     rf"(?:{_Q_ENDING})?\s*[?？]?\s*$|^\s*when (?:did|was|were|had)\b", re.I)
# the last verb of a Korean question without its ending: 났 of "났어", 의결됐 of "의결됐어", 개통하 of "개통하나요"
_VERB_STEM = re.compile(rf"([\uac00-\ud7a3]+?)(?:{_Q_ENDING}|아|ㄴ가요?)\s*[?？]?\s*$")
_FUTURE_DATE = re.compile(r"내년|오는|다음\s*달|내달|다음\s*주|내주|\bnext\b", re.I)
_RANKS_FIRST = re.compile(rf"{TOP_WORDS}|최다|\b(?:most|largest|highest|biggest|top)\b", re.I)
_SUPERLATIVE_KO = re.compile(r"(?:가장|제일)\s*([\uac00-\ud7a3]{2,})")


_SUPERLATIVE_END = re.compile(r"(?:하게|하고|한|하다|했던|했|해|하|게|은|는|던)$")  # the ending of a superlative's word


def _superlative_forms(word: str) -> tuple[str, ...]:
    """A Korean superlative's word as the article may write it: 저렴하게 also as 저렴, 비싼 as itself."""
    root = _SUPERLATIVE_END.sub("", word)
    return (word, root) if len(root) >= 2 and root != word else (word,)


def _superlative_roots(word: str) -> tuple[str, ...]:
    """The stem a superlative's word keeps in any ending: 짧은 -> 짧 (짧게), 비싼 -> 비싼, 저렴하게 -> 저렴."""
    root = _SUPERLATIVE_END.sub("", re.sub(r"(?<!하)고$", "", word))
    return (root,) if root else (word,)


CONTEXT_SHARE = 0.5  # the weight of a term only the earlier question (carried as context) has
SUPERLATIVE_WEIGHT = 3.0  # the asked ranking outweighs a shared noun of the other clause
_DATE_WORDS = re.compile(r"(?:\d{1,4}\s*[~∼-]\s*)?\d{1,4}\s*(?:년|월|분기|일)|[상하]반기|(?<!\d)(?:19|20)\d\d(?!\d)")
_PER_YEAR = re.compile(r"(?<![\d.])1\s*년에(?![서는])")  # "1년에 얼마나 나와?" is per year (연간), no date


def _typed_candidates(question: str, need: Need, pool: list[Hit], index: Index, haystack: str,
                      asked: Asked) -> list[Hit] | str:
    """Hits that hold an answer of the asked kind about the asked thing, best first; or why none does."""
    prefer, unit = asked.prefer, asked.unit
    main = own_words(question)  # the question's own words, without the context a follow-up carries
    # a byline is no evidence: "(부산=연합뉴스) 박지훈 기자 =" answers no "who", unless the reporter is asked
    byline_ok = bool(_ASKS_REPORTER.search(question))
    typed = [h for h in pool[:8] if h.features.get("type") and (byline_ok or not _is_byline(h.sentence))
             and not _wrong_roles(need, h.sentence.text)]
    # a concrete topic of the question ("revenue") must be what the figure is about, not just in the article
    # (one the article's title names is the story's subject: "백신" over a vaccine story need not be repeated);
    # the date of an event is checked by its event words below ("1분기 실적 공시는 언제?" needs no profit word)
    typed = [h for h in typed if need.qtype == "date" or all(mentions_any(_context(index, h), forms)
                                     or mentions_any(_title(index, h), forms)
                                     for _, forms in concrete_topics(need))]
    if need.qtype in ("percent", "amount") and need.head and re.fullmatch(r"[\uac00-\ud7a3]{2,}[률율]", need.head) \
            and _HANGUL.search(haystack):
        # "펀드 수익률은 몇 %야?": a rate is given under its own name; 16.5% of a harvest is no 수익률
        # (also by its last word, 투표율 of 사전투표율, in the sentence or the one before; not by its stem: 수익 is
        # no 수익률)
        rate_forms = _with_concepts(need, need.head, (need.head, need.head[-3:]))
        typed = [h for h in typed if _in(_context(index, h).replace(" ", ""), rate_forms)]
    if need.qtype in ("amount", "percent", "count") and need.lang == "ko" and _HANGUL.search(haystack):
        # "영유아 RSV 입원 환자는 몇 명?": a figure about 65세 이상 patients is about other people; a specific noun
        # of the question (three syllables or more, not a frame word, not in the headline) is in the evidence
        # (not when a name of the question says whose figure it is: "공인중개사 B씨가 받은 수수료"; not the words of
        # an earlier question a follow-up carries in parentheses)
        titles = {_title(index, h) for h in typed}
        named = any(n not in need.places and not any(f in t for t in titles for f in forms) for n, forms in need.names)
        specific = [] if named else [(n, forms) for n, forms in need.nouns
                                     if len(n) >= 3 and _HANGUL.match(n) and n not in GENERIC_KO and n in main]
        typed = [h for h in typed if all(_in(_context(index, h), forms) or _stem_in(n, _context(index, h))
                                         or _in(_title(index, h), forms) for n, forms in specific)]
        if not typed:
            return _no_type(need.lang, need.qtype)
        # "일본에서 팔린 물량은?", "야간 인력 시급은?": a two-syllable word of the question that the article has
        # elsewhere but not in the evidence (nor in its headline) says the figure is about something else
        # (a word of its own, not a piece of a compound nor a verb's noun, 증가했어; and a rare one, no frame of the story)
        qualifiers = [(n, forms) for n, forms in need.nouns if len(n) == 2 and _HANGUL.match(n) and n not in GENERIC_KO
                      and n != need.head and re.search(rf"(?<![\uac00-\ud7a3]){n}(?:{_JOSA_Q})?(?![\uac00-\ud7a3])", main)
                      and 0 < haystack.count(n) <= QUALIFIER_MAX and not _PERIOD_NOUN.fullmatch(n) and n not in _NOT_QUALIFIER]
        kept = [h for h in typed if all(_in(_context(index, h), forms) or _in(_title(index, h), forms)
                                        for _, forms in qualifiers)]
        if not kept:
            return _other_subject(need.lang, [n for n, forms in qualifiers
                                              if not any(_in(_context(index, h), forms) for h in typed)])
        typed = kept
    years = set(years_in(main))
    if years:  # "2024년 경쟁률은?": a sentence about 2025 (and not 2024) is about another year
        typed = [h for h in typed if not _other_year(_context(index, h), years)]
    periods = _periods(main)
    if periods:  # "지난해 연간 매출은?": a sentence about this year's first quarter is about another period
        typed = [h for h in typed if not _other_period(h.sentence.text, periods)]
    if periods == {"last"} and need.lang == "ko" and not need.names:
        # "작년 단속 때 부과된 과태료는?": a figure no sentence dates to last year is the story's own, this year's
        # (the sentence, the one before it or the headline names last year, or a date of last year)
        typed = [h for h in typed if "last" in _periods(_context(index, h) + " " + _title(index, h))
                 or years_in(_context(index, h))]
        if not typed:
            return _no_type(need.lang, need.qtype)
    moved_measure = unit in (WEIGHT, AREA, LENGTH) and prefer[:1] == (("percent",),)  # "훼손 면적은 얼마나 줄었어?": 18%
    if need.qtype == "count" and unit and unit != "번째" and not moved_measure:
        typed = [h for h in typed if any(_counts_in(m, unit) for m in mentions(h.sentence.text))]
        if unit in STRICT_UNITS:  # "좌석이 몇 석?", "몇 가구?": only a figure in that very counter answers
            typed = [h for h in typed if any(_strict_count(h.sentence.text, m, unit) for m in mentions(h.sentence.text))]
        if unit == DURATION and _ASKS_YEARS.search(main):  # "데뷔한 지 몇 년 됐어?": years, not 11주간
            typed = [h for h in typed
                     if any(m.kind == "quantity" and _IN_YEARS.search(m.text) for m in mentions(h.sentence.text))]
    elif need.qtype == "count" and not unit:  # "How many artifacts…?": a length of time (60여년간, 1년 만) counts nothing
        typed = [h for h in typed if any(m.kind != "quantity" or not unit_ok(m.text, DURATION)
                                         for m in mentions(h.sentence.text))]
    if need.qtype in WHO:  # "대표이사는 누구야?": a name given with the asked title, not the CFO's
        asked_roles = role_forms(question, need)
        if asked_roles and set(asked_roles) <= _ATHLETE and not any(_in(_context(index, h), asked_roles) for h in typed):
            asked_roles = ()  # "1등 한 선수 누구야?": a race report names its athletes without the word 선수
        tied = _tied_titles(question, need)
        typed = [h for h in typed if (not asked_roles or _in(_context(index, h), asked_roles))
                 and _affiliated(tied, h.sentence.text)]
        if asked.org:  # "Which company makes …?": a sentence naming a company; a person's name is no company's
            typed = [h for h in typed if organisations(h.sentence.text, need.exclude)]
    if not typed:
        return _no_type(need.lang, need.qtype)
    # sentences holding the best kind of figure first ("총 계약액은 얼마?" wants 원, not 2척)
    if need.qtype in ("amount", "percent", "count"):
        # "How many households...?": a sentence counting households (1만2천 가구) before one counting people
        rank = {id(h): rank_kind(h.sentence.text, prefer) for h in typed}
        # then one whose figure fits the question's "모두" / "1인당" / "작년" (close matches only)
        fit = _fit_scores(typed, need.qtype, asked, FIT_MARGIN)
        # then one that names the question's own dates ("올해 1~9월 누적 이용객은?": the 1~9월 figure, not the year-end goal)
        when = [m.group() for m in _DATE_WORDS.finditer(main) if not _PER_YEAR.match(main, m.start())]
        # (a figure in the asked unit first of all: "How many tonnes…?" wants 1천100톤 before 50곳)
        # (and, for "정확히 얼마야?", the most precise figure: 4천270억원 before the headline's "4천억원 넘어")
        wanted = {k for group in prefer for k in group}
        digits = {id(h): max((len(re.findall(r"\d", m.text)) for m in mentions(h.sentence.text) if kind_of(m) in wanted), default=0)
                  if asked.exact else 0 for h in typed}
        # (all of it among the close matches: a sentence scoring KIND_MARGIN below the top one does not win by its
        # kind alone — "컨테이너 하나에서 상추가 1년에 얼마나 나와?" is the top match's 8.5톤, not another's 12m)
        top_score = typed[0].score
        undated = {id(h): sum(w.replace(" ", "") not in h.sentence.text.replace(" ", "") for w in when) for h in typed}
        typed.sort(key=lambda h: (h.score < top_score - KIND_MARGIN and fit[id(h)] <= 0
                                  and not (when and not undated[id(h)]),
                                  bool(unit) and not any(unit_ok(m.text, unit) for m in mentions(h.sentence.text))
                                  and not (unit == "번째" and "번째" in h.sentence.text), rank[id(h)], -digits[id(h)],
                                  undated[id(h)], -fit[id(h)]))
        typed = [h for h in typed if rank[id(h)] < len(prefer)]
        if not typed:  # "How much funding...?" and the article gives counts, no sum of money
            return _no_type(need.lang, need.qtype)
    if need.qtype == "date" and need.lang == "ko" and _HANGUL.search(haystack):
        # "한도윤은 포항에 언제 입단했어?": the date of a substitution is no date of joining; a common noun of the
        # question that is not its topic (the event: 입단, 입국, 실적) must be in the sentence or the one before
        # (a noun's forms already carry its glossary concept's: 범행 with 범죄, 혐의); a sentence with all of them
        # itself first ("실적 언제 발표했어?": "…증가했다고 24일 공시했다", not "내년 연간 영업이익이 … 전망")
        events = [forms for n, forms in need.nouns if n not in GENERIC_KO and len(n) >= 2
                  and not re.search(re.escape(n) + r"(?:은|는|이|가)(?![\uac00-\ud7a3])", question)]
        if events:
            typed = [h for h in typed if any(_in(_context(index, h), forms) for forms in events)]
            typed.sort(key=lambda h: not all(_in(h.sentence.text, forms) for forms in events))
            if not typed:
                return _no_type(need.lang, need.qtype)
    if need.qtype == "date" and not asked.reported:
        # "소송을 처음 제기한 건 언제야?": a sentence whose only date is the day the news was told ("…판결했다고 15일
        # 밝혔다") after one that dates an event ("원고들은 2023년 9월 소장을 냈으며")
        typed.sort(key=lambda h: all(REPORTED.match(h.sentence.text, e) for _, e, _ in dates_in(h.sentence.text)))
    verb = _VERB_STEM.search(main) if need.qtype == "date" else None
    if verb and verb.group(1) not in ("했", "됐", "였", "있", "하", "되"):
        # "불은 몇 시에 났어?": a sentence with the question's own verb ("…에서 불이 났다") before one with another
        # event's ("…오전 4시 52분께 완전히 꺼졌다")
        typed.sort(key=lambda h: verb.group(1) not in h.sentence.text)
    if need.qtype == "date" and _PAST_Q.search(main):
        # "실적 언제 발표했어?" happened: a sentence whose only dates are ahead ("내년 … 전망") does not answer it
        past = [h for h in typed if not all(_FUTURE_DATE.search(t) for _, _, t in dates_in(h.sentence.text))]
        typed = past or typed
    if need.qtype == "date" and asked.grain:  # "며칠에 봤어?": a sentence that only says 지난달 does not answer
        typed = [h for h in typed if any(grain_ok(t, asked.grain) for _, _, t in dates_in(h.sentence.text))]
        if not typed:
            return _no_type(need.lang, need.qtype)
    if need.qtype == "date" and asked.literal_bound:  # "파업 언제부터야?": a date followed by 부터 first
        fit = _fit_scores(typed, need.qtype, asked, FACT_MARGIN)
        typed.sort(key=lambda h: -fit[id(h)])
    if asked.most and need.qtype in ("age", "place", "person", "party"):
        # "Which age group accounted for the largest share?": a close sentence that ranks something first
        # ("60대 이상이 31%로 여전히 가장 많았습니다") before one that merely has an age group
        best = typed[0].score
        typed.sort(key=lambda h: not (h.score >= best - FIT_MARGIN and _RANKS_FIRST.search(h.sentence.text)))
    return typed


# a question about what someone is: "그 사람 직책은?", "Who is Park Jeong-hun?", "What is her position?"
_ASKS_ROLE = re.compile(r"직책|직함|직위|직급|\b(?:his|her|their|'s) (?:position|title|job|role)\b|"
                        r"^\s*[Ww]ho(?:'s| is| was)\s+(?:[A-Z][\w\-]*\s*){1,4}\??\s*$")
_TITLE_WORDS = re.compile(r"\s+(?:[\uac00-\ud7a3A-Za-z0-9·]+\s+){0,3}?[\uac00-\ud7a3A-Za-z0-9·]+?"
                          r"(?=(?:은|는|이|가|에게|을|를|께서)(?:[\s,]|$))")


def _titled(text: str, a: int, b: int, named: list[tuple[str, ...]]) -> tuple[int, int]:
    """The person the question asks about with the title written after the name: "박정훈 경북도 농축산유통국장"
    from "박정훈 경북도 농축산유통국장은 …"; the whole sentence when no title follows the name, and the span
    unchanged when no person is found."""
    low = text.lower()
    at = next((low.find(f) for forms in named for f in forms if _HANGUL.search(f) and f in low), -1)
    if at < 0:
        found = [m for m in persons(text) if m.start() <= a < m.end() or a <= m.start() < b] or list(persons(text))[:1]
        if not found:
            return a, b
        at, end = found[0].start(), found[0].end()
    else:
        end = at + next(len(f) for forms in named for f in forms if _HANGUL.search(f) and low.find(f) == at)
    m = _TITLE_WORDS.match(text, end)
    # no title after the name ("… 출신 마이클 첸을 영입했다"): the sentence says what the person is
    return (at, m.end()) if m and not _QUOTE_CHARS.search(m.group()) else (0, len(text))


_QUOTE_CHARS = re.compile(r"[\"“”'‘’]")


# a year the question names: "2020년", "in 2020", "the 2020 school year" (not 2020명, $2020, 2,020)
_YEAR_ASKED = re.compile(r"(?<![\d.,$])((?:19|20)\d\d)(?=년|s?\b(?![.,]\d))(?!\s*(?:명|개|원|달러|건|곳|대|t|톤|kg|㎏))")
_YEAR_WRITTEN = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?=년|[.\-/]\d|s?\b)")


def years_missing(question: str, haystack: str) -> list[str]:
    """Years the question names that an article writing its years out never mentions ("2020년 수출액은?" when
    it gives 2022 and 2024): a figure found for it would be another year's. An article that writes no year at
    all ("지난해", "올해") may mean any; it is not judged."""
    if not _YEAR_WRITTEN.search(haystack):
        return []
    return [y for y in dict.fromkeys(_YEAR_ASKED.findall(question)) if y not in haystack]


# a verb ending that links a cause to what followed ("식생이 훼손되자 … 확대하기로", "불펜이 리드를 지키지 못하면서 승리를
# 날렸다", "직원이 없어 … 팔 수 없다"): too common to mark a reason sentence in retrieval, but the top match that has
# one gives its reason itself
# (자 only after a verb stem: 투자, 관계자 and 지지자 are nouns)
_CAUSAL_LINK = re.compile(r"(?<=[\uac00-\ud7a3])(?:(?:되|하|(?<!지)지|르|늘|나|오|들|뛰|치|히)자|면서|없어|있어|어져|아져|여서|해서|니까)(?=\s)")


# a group of people or things named by its number: 30대, 65세, 3층, 1등급
_GROUP = re.compile(r"(?<![\d.])\d+\s*(?:대|세|살|층|호|등급|학년)(?:(?![\uac00-\ud7a3])|(?=은|는|이|가|의|에|도))")
GROUP_WEIGHT = 2.0  # over a noun the clauses share ("이용자"): the group says which clause


def _only_a_date(text: str) -> bool:
    """Is the text a date or time word and nothing more ("이달", "지난달 28일")?"""
    found = dates_in(text)
    return bool(found) and not re.sub(r"\s+", "", "".join(c for i, c in enumerate(text)
                                                      if not any(a <= i < b for a, b, _ in found)))


def compose(question: str, need: Need, hits: list[Hit], index: Index, haystack: str) -> Answer:
    """``haystack``: the lower-cased text of the article(s) searched."""
    gone = missing(need, haystack)
    gone += [f"{y}년" if need.lang == "ko" else y for y in years_missing(question, haystack)]
    # a Korean question has something to look for even when its nouns are one syllable ("앞으로 비 더 와?")
    if not (need.names or need.nouns or need.words or need.concepts) and need.qtype == "other" \
            and not _HANGUL.search(question):
        return _abstain(question, NOT_SAID[need.lang], hits, index)  # nothing to look for ("???", emoji)
    if gone:
        return _abstain(question, _not_mentioned(need.lang, gone), hits, index)
    if not hits:
        return _abstain(question, _no_type(need.lang, need.qtype) if need.qtype in TYPED else NOT_SAID[need.lang],
                        hits, index)
    pool = hits
    asked = read_asked(question, need.qtype)
    role = bool(_ASKS_ROLE.search(question)) and (need.qtype in WHO or need.qtype == "other")
    named = [forms for n, forms in need.names if n not in need.places]
    if role and named:  # "Who is Park Jeong-hun?": the sentences that name him, for his title
        pool = [h for h in hits if any(_in(h.sentence.text.lower(), forms) for forms in named)] or hits
    if (need.qtype in TYPED or need.qtype in WHO) and not (role and named):
        typed = _typed_candidates(question, need, pool, index, haystack, asked)
        if isinstance(typed, str):
            return _abstain(question, typed, hits, index)
        # a sub-heading ("◇ 김현준 감독 ...", "◇ '합계출산율 2030년까지 1.0명 회복 목표'") answers only when no
        # other sentence of the kind asked for does (the title states the story's main fact and may answer)
        typed.sort(key=lambda h: h.sentence.kind == "heading")
        # the first candidate about every name of the question; the story's own subject may go unsaid
        # ("The next meeting is on April 24" in a story about the ECB), unless the sentence names another
        # party of the story instead
        best, absent = None, None
        for h in typed:
            gone = _unnamed(need, index, h)
            if not gone:
                best = h
                break
            absent = absent if absent is not None else gone
        if best is None:
            return _abstain(question, _other_subject(need.lang, absent), hits, index)
        typed = [best] + [h for h in typed if h is not best]
        chosen = [best]
        # one name answers "who"; several figures may, when the question names whose ("How much has Microsoft
        # invested?"); a bare "매출은?" wants the one figure, not every sentence that has the word
        broad = need.qtype in TYPED and any(n not in need.places for n, _ in need.names)
        for h in (typed[1:] if broad else []):
            if len(chosen) >= MAX_FACTS or h.score < best.score - FACT_MARGIN:
                break
            # (for "how much", a figure of the same kind as the first: not a fine in 원 after the tonnes collected)
            if h.features.get("entity", 0) >= best.features.get("entity", 0) and \
                    not [n for n, forms in need.names if n not in need.places and not _in(h.sentence.text.lower(), forms)] \
                    and (need.qtype != "amount" or asked.prefer[0][:1] == ("percent",)
                         or kinds_in(h.sentence.text) & kinds_in(best.sentence.text) & {"amount", "quantity"}):
                chosen.append(h)
    else:
        # "울산 감독은 뭐라고 했어?": a quote of Pohang's coach is no answer; the first close match about
        # every asked name answers, or none does
        tied = _tied_titles(question, need)
        about = [h for h in pool[:3] if h.score >= pool[0].score - FACT_MARGIN and not _unnamed(need, index, h)
                 and _affiliated(tied, h.sentence.text)]
        roles = role_forms(question, need) if need.qtype == "quote" else ()
        if roles:  # "What did the governor say?": a quote of the energy bureau chief is no answer
            about = [h for h in about if _in(_context(index, h), roles)]
            if not about:
                return _abstain(question, _no_type(need.lang, "person"), hits, index)
        if need.names and need.qtype == "quote" and not about:
            return _abstain(question, _other_subject(need.lang, _unnamed(need, index, pool[0])), hits, index)
        pool = about + [h for h in pool if h not in about] if need.names else pool
        chosen = [pool[0]]
        if pool[0].sentence.kind in ("heading", "title") and len(pool) > 1 and pool[1].sentence.kind == "body" \
                and pool[1].score >= pool[0].score - TYPE_MARGIN:
            chosen = [pool[1]]  # a close body sentence says more than a heading ("◇ 김현준 감독 '선수들이 만든 기적'")
        if need.qtype in ("reason", "definition", "quote") and not chosen[0].features.get("type") \
                and not (need.qtype == "reason" and _CAUSAL_LINK.search(chosen[0].sentence.text)):
            # a close runner-up that gives a reason/definition/quote answers better than the top match
            alt = [h for h in pool[1:3] if h.features.get("type") and h.score >= pool[0].score - TYPE_MARGIN]
            chosen = alt[:1] or chosen
        if need.qtype == "place" and not has_place(pool[0].sentence.text, need.exclude):
            # "어느 조선소에서 만들어져?": a close runner-up naming a place (경남 거제시 옥포조선소) answers
            alt = [h for h in pool[1:3] if has_place(h.sentence.text, need.exclude)
                   and h.score >= pool[0].score - TYPE_MARGIN]
            chosen = alt[:1] or chosen
    if len(chosen) > 1 and need.topics:  # a broad question: the story's own subject first, then by score
        def on_topic(h):
            return any(f in h.sentence.text.lower() for f in need.topics.get(h.sentence.doc_id, ()))
        chosen.sort(key=lambda h: (not on_topic(h), -h.score))
    terms = weighted_terms(need, haystack)
    main = own_words(question)
    own_q = main.lower()
    if own_q != question.lower():  # "And how many abroad? (… sold in Korea?)": the follow-up's own words lead
        terms = [(forms, w if any(f in own_q for f in forms) else w * CONTEXT_SHARE) for forms, w in terms]
    # "근무 기간이 제일 짧은 원고는": the clause ranking by the same word ("가장 짧게 일한 이모씨는 380만원")
    terms += [(tuple(f"{adv} {r}" for adv in ("가장", "제일") for r in _superlative_roots(m.group(1))), SUPERLATIVE_WEIGHT)
              for m in _SUPERLATIVE_KO.finditer(main)]
    # (a frame word, 다음 or 이번, says nothing of which figure or place: "윤서진 다음 대회는 어디서 열려?")
    near = [forms for n, forms in need.nouns + (need.words or []) if n not in GENERIC_KO] + \
        [forms for _, forms, *_ in need.concepts]
    near = _merged(near)  # a word found both as a noun and as a glossary concept counts once, with all its forms
    if own_q != question.lower():  # a follow-up's own words, when it has some, say which figure ("abroad": 해외)
        near = [forms for forms in near if any(f in own_q for f in forms)] or near
    # "목표는 얼마야", "수주 목표액은?": the target is what is measured
    # (a follow-up's own words say what it measures: "자전거는?" after "신규 대여소 몇 곳?" is not about 대여소)
    near += [forms for n, forms in need.nouns if need.head and (n == need.head or len(n) >= 2 and need.head.startswith(n))
             and (own_q == question.lower() or any(f in own_q for f in forms))][:1]
    # a year the question names points at its figure: "in 2014?" -> "2014년 16만4천t에서 지난해 4만1천t으로"
    near += [(y + "년", y) for y in years_in(question)]
    # and so does a group it names, in the clause about it: "30대 비율은?" -> "20대가 38.4%로 가장 많았고, 30대는 21.7%로"
    groups = [(g, g.replace(" ", "")) for g in _GROUP.findall(main)]
    near += groups
    terms += [(forms, GROUP_WEIGHT) for forms in groups]
    # the ranking the question asks about: "가장 비싼 곳이 40만원" for "제일 비싼 데는?", not "가장 싼 곳이 8만5천원"
    near += [_superlative_forms(m.group(1)) for m in _SUPERLATIVE_KO.finditer(main)]
    # the question's own nouns are no answer to "where" ("2공장은 어디에 지어?" is not answered by 2공장)
    # (nor by their Korean forms: "Where will the logistics center be set up?" is not answered by 물류센터)
    own = tuple(dict.fromkeys([forms[0] for _, forms in need.nouns]
                              + [f for _, forms, *_ in need.concepts for f in forms if _HANGUL.search(f) and len(f) >= 2])) \
        if need.qtype == "place" else ()
    cits, spans, lines = [], [], []
    for n, h in enumerate(chosen, start=1):
        s = h.sentence
        a, b = answer_span(s.text, need.qtype, terms, need.exclude + own, near, asked,
                           preds=[forms for _, forms in need.verbs])
        if role:
            a, b = _titled(s.text, a, b, named)
        span = Span(s.doc_id, s.sent_id, s.start + a, s.start + b, s.text[a:b])
        if need.qtype in WHO and len(chosen) == 1 and _only_a_date(span.text):
            # "도매업체 이름이 뭐야?" answered "이달": a time word names no one
            return _abstain(question, _no_type(need.lang, need.qtype), hits, index)
        cits.append(citation(n, h, index))
        spans.append(span)
        typed_span = need.qtype in TYPED or need.qtype in WHO
        key = lead(span.text, need.lang) if typed_span else span.text
        if len(chosen) > 1:
            ca, cb = best_clause(s.text, need.qtype, terms, need.exclude, near, asked)
            lines.append(f"{key} — {s.text[ca:cb].rstrip(' ,;')} [{n}]")
        else:
            lines.append(f"{key} [{n}]")
    return Answer(question, "\n".join(lines), False, spans[0], cits, closest=[], spans=spans)

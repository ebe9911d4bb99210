"""Answer spans: the shortest piece of a sentence that answers the question.

A sentence is split into clauses; the clause about the question's subject
wins (in "A사는 10억 달러를 투자했고, B사는 20억 달러를 투자하기로 했다" a
question about B gets B's clause). Inside it, an amount/date/name question
takes the mention itself with its gloss and qualifiers ("최소 $8 billion(80억
달러)"); other questions take the whole clause. Offsets are relative to the
sentence; pure functions, no model.
"""
from __future__ import annotations

import re
from functools import lru_cache

from index.numbers import KO_NUM, QTY_UNITS, Mention, mentions

from .asked import DURATION, FREQUENCY, MEASURES, Asked, preference, unit_ok
from .fit import RELATIVE_DATE, bounded, dates_in, fits, grain_ok, kind_of, of_asked_period, of_other_period, sentence_fit
from .places import VENUE_END, place_list, place_names, places

_CLAUSE_BREAK = re.compile(r"(?<=[,;，])\s+(?!\d)|(?<=[고며나])\s*,\s*|(?<=지만)\s+|(?<=[.?!])\s+(?=\S)")
_QUAL_BEFORE = re.compile(r"(?:약|최대|최소|총|무려|about|around|up to|at least|more than|over|nearly|roughly|some)\s*$", re.I)
# what qualifies a figure after it; "한 명도 없었다" is none at all, never "한 명"
_QUAL_AFTER = re.compile(r"^\s*(?:\([^()]{1,40}\))?\s*(?:이상|초과|이하|미만|가량|정도|안팎|규모|넘는|이 넘는|대|도 없(?:었다|다|어|었|는))?")
_TITLES = (r"대표이사|대표|부회장|회장|부사장|사장|부위원장|부총리|부대변인|부원장|행장|부행장|최고\w{2,4}책임자|최고경영자|CEO|CFO|CTO|COO|전무|상무|본부장|실장|팀장|부장|"
           r"장관|차관|청장|총재|부총재|의원|대변인|교수|위원장|위원|이사장|이사|총리|대통령|창업자|연구원|연구위원|애널리스트|"
           r"이코노미스트|서울시장|도지사|구청장|군수|원장|센터장|총장|의장|원내대표|비서관|국장|감독|코치|선수|"
           r"변호사|판사|검사|재판장|박사|기자|예보관|관장|과장|소장|지회장|단장|처장|조합장|교사|전문의|연구자|후보|후보자|당선인|씨|"
           r"정책관|심의관|조정관|담당관|보좌관|수사관|감독관|조사관|기획관|협력관")
KO_TITLES = _TITLES  # the titles alone, for patterns of their own ("한 대표는")
TITLES = rf"(?<![\uac00-\ud7a3])(?:{_TITLES})(?=(?:은|는|이|가|의|을|를|도|과|와|에게|이야|야|인|으로|로|에)?(?![\uac00-\ud7a3]))"
# English words for a role a who-question may ask for ("Who is the CFO?", "Who coaches Pohang?")
ROLE_EN = re.compile(r"ceo|cfo|cto|coo|chief executive|chairman|chair|president|minister|governor|director|coach(?:es|ed)?|manag(?:es|ed)|"
                     r"manager|spokesperson|spokesman|spokeswoman|mayor|founder|vice chair|vice chairman|analyst|economist|"
                     r"speaker|referee|goalkeeper|keeper|pitcher|catcher|judge|prosecutor|principal|lawyer|attorney|"
                     r"defense lawyer|defence lawyer|captain")
_ORG_WORDS = {"Web", "Services", "Inc", "Corp", "Motors", "Energy", "Solution", "Solutions", "Bank", "Group", "Capital",
              "Partners", "Technologies", "Systems", "Labs", "Company", "County", "City", "State", "University",
              "Information", "Reserve", "Central", "Council", "Fund", "Act", "Reduction", "Inflation", "Devices",
              "Micro", "Lithium", "Cross", "Street", "Journal", "Times", "News", "Post", "Union", "Commission",
              "Parliament", "Office", "Agency", "Ministry", "Department", "Authority", "Association", "Institute",
              "Exchange", "Market", "Markets", "Programme", "Program", "Nations", "Federal", "National", "European",
              "International", "Airlines", "Holdings", "Industries", "Electronics", "Foundation", "Court", "Senate",
              "House", "Congress", "Party", "Committee", "Board", "Treasury", "Securities", "Insurance", "Research"}
_SURNAMES = "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나엄채원천방공현함변염"
# common words that begin with a surname syllable
_NOT_NAMES = "(?:이번|이날|이후|이에|이미|이어|이제|이는|이를|정부|한편|전날|최근|최대|최고|주요|지난|올해|조사|장기|신규|전체|현재|현지|" \
             "한국|강남|서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주|전문의|전문가|전임|전직|" \
             "공동|신임|초대|당선인|당선자|이사|이사장|조합원|주민|시민|정책|정치|안전|이용자|전국|지역|오전|오후|" \
             "이끈|이끄는|이룬|이른|이전|조사한|조사를)(?![\uac00-\ud7a3])"
_PERSON = re.compile(
    r"(?:[\uac00-\ud7a3]{1,4} )?[\uac00-\ud7a3]{2,7}\([A-Z][a-z]+(?: [A-Z][a-z]+(?:-[a-z]+)?)+\)"  # 샘 알트먼(Sam Altman), 한지우(Han Ji-woo)
    r"|\b[A-Z][a-z]+(?: [A-Z]\.)?(?: (?:van|von|de|der|den|da|di|du|del|la|le|bin|al) )?(?: ?[A-Z][a-z]+(?:-[a-z]+)?)+\b"  # Sam Altman, Pieter van Dijk, Lee Su-jin
    # 김도현 한빛에너지 대표, 김모(35) 씨: a Korean name starts with a surname (승부를 가른 것은 교체 선수 -> no one);
    # four syllables may be a foreign name (마르코스) or a two-syllable surname
    rf"|(?<![\uac00-\ud7a3])(?!{_NOT_NAMES})(?:[{_SURNAMES}](?:[\uac00-\ud7a3](?<![인한된던할는은의을를에로고며서다])|[\uac00-\ud7a3]{{2}}(?<![할될된던를을의에며서]))|(?![\uac00-\ud7a3]{{2}}(?:담당|총괄|부문|본부))[\uac00-\ud7a3]{{3}}[^는은한할된던인의을를에로고며서도다과부대청처국실\s\W])"
    # up to three words may come between the name and its title, which may end a compound: "이정민 강원대 원예학과
    # 교수는", "박정훈 경북도 농축산유통국장은"
    # (not across a word with a particle of its own: "임시회 본회의에서 의원 선서" names no one)
    rf"(?=(?:\(\d{{1,3}}\)\s?| )(?:[\uac00-\ud7a3A-Za-z·]+(?<![서에을를은는]) ){{0,3}}[\uac00-\ud7a3]*(?:{_TITLES})(?:\([^()]{{1,12}}\))?(?:는|은|가|이|의|\b|\s))"
    # a Korean name with an age (and a team): "무소속 배경민(39) 후보가", "최태양(25·대전시청)이"
    rf"|(?<![\uac00-\ud7a3])(?!{_NOT_NAMES})[{_SURNAMES}][\uac00-\ud7a3]{{1,2}}(?=\(\d{{1,3}}(?:·[^()]{{1,15}})?\)(?:씨|는|은|가|이|의|\s|,))"
    # a foreign name of two words with an age: "에티오피아의 메세렛 알레무(29)가" (not "최고령 참가자(81)가")
    rf"|(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{{1,4}}(?<![의은는이가을를에도]) [\uac00-\ud7a3]{{2,5}}(?<![자생객민])(?=\(\d{{1,3}}(?:·[^()]{{1,15}})?\)(?:씨|는|은|가|이|의|\s|,))"
    # a title closing a longer word: "윤지수 평가원장은", "박민 공장장" (a Korean surname first, so 가운데 시장 is no one)
    rf"|(?<![\uac00-\ud7a3])(?!{_NOT_NAMES})[{_SURNAMES}][\uac00-\ud7a3]{{1,2}}"
    rf"(?= (?:[\uac00-\ud7a3A-Za-z]+(?<![서에을를은는]) )?[\uac00-\ud7a3]*(?:공장장|처장|단장|시장|소장|관장|대장|서장|과장|계장|반장|교장|학장|"
    rf"지점장|지사장|법인장|조합장|병원장|차장|{_TITLES})"
    r"(?:\([^()]{1,12}\))?(?:는|은|가|이|의|\s|,))"  # 국내사업본부장(부사장)은
)


# "공격수 박세찬은", "배우 김민지(35)가": an occupation before a Korean name
_FREQUENCY = re.compile(r"(?:매일|매주|매달|매월|매년|하루|일주일에?|한 달에?|1년에?|연간|주|월|연)\s*(?:평균\s*)?(?:최대\s*)?"
                        r"(?:\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:차례|번|회)|매(?:일|주|달|월|년)(?:\s*[월화수목금토일]요일)?"
                        r"|\b(?:once|twice|\d+ times) (?:a|per|every) (?:day|week|month|year)\b|\b(?:daily|weekly|monthly|yearly)\b")
# what follows the top one of a ranking: "세종이 1.6%로 가장 높았고", "후쿠오카 노선은 … 1위에 올랐다"
TOP_WORDS = r"가장|제일|1위|최대|최고"  # words that rank something first
_TOP_AFTER = re.compile(rf"[^,]{{0,30}}?(?:{TOP_WORDS})")
_CAST = re.compile(r"\(([\uac00-\ud7a3]{2,4}) 분\)"  # the actor of a role: 형사 강철민(서강현 분)
                   # a broadcast's interview tag: "[인터뷰: 윤태호 / 코드브릭 대표]", "[인터뷰] 유다인/오션아이 대표"
                   rf"|(?<![\uac00-\ud7a3])([{_SURNAMES}][\uac00-\ud7a3]{{1,2}})\s*/\s*(?=[^/\]\n]{{0,30}}(?:{_TITLES}))"
                   # a title before the name in brackets: "행정1부(부장판사 오세영)는"
                   rf"|\((?:[\uac00-\ud7a3]+ )?[\uac00-\ud7a3]*(?:{_TITLES}) ([{_SURNAMES}][\uac00-\ud7a3]{{1,2}})\)")
_ROLE_FIRST = re.compile(rf"(?:공격수|수비수|미드필더|골키퍼|투수|타자|포수|내야수|외야수|배우|가수|작가|선수|주장|신인|피의자|용의자|운전자|주인공)"
                         rf"\s+([{_SURNAMES}][\uac00-\ud7a3]{{1,3}}?)(?=(?:\(\d{{1,3}}\))?(?:은|는|이|가|의|에게|을|를|과|와|도)?(?:[\s,.]|$))")


def persons(text: str, exclude: tuple[str, ...] = ()) -> tuple[re.Match, ...]:
    """Person-name mentions, skipping organisation-like capitalized phrases and the names in ``exclude``."""
    found = _persons(text)
    if not exclude:
        return found
    return tuple(m for m in found if not any(e and (e in m.group().lower() or m.group().lower() in e) for e in exclude))


@lru_cache(maxsize=20_000)
def _persons(text: str) -> tuple[re.Match, ...]:
    """Every person-name mention of a text (cached: sentences are read by every question)."""
    out = [_Found(m.start(1), m.end(1), m.group(1)) for m in _ROLE_FIRST.finditer(text)]
    out += [_Found(m.start(g), m.end(g), m.group(g)) for m in _CAST.finditer(text) for g in (1, 2, 3) if m.group(g)]
    for m in _PERSON.finditer(text):
        if any(f.start() <= m.start() < f.end() for f in out) or m.group() in place_names():
            continue  # 포항 of "김현준 포항 감독" is the team's city
        words = re.findall(r"[A-Za-z]+", m.group())
        if words and any(w in _ORG_WORDS for w in words):
            continue
        head = m.group().split("(")[0] if "(" in m.group() else None
        if head and " " not in head and len(head) >= 4:
            continue  # 한화오션(Hanwha Ocean) is a company: a foreign person's Korean name has a space (샘 알트먼)
        if text[max(0, m.start() - 1):m.start()] == "(" and re.search(r"(?:^|\s)[\uac00-\ud7a3]{4,}$", text[:m.start() - 1]):
            continue  # 한화오션(Hanwha Ocean): a Korean company name is one word; a foreign person's has a space
        out.append(m)
    # "유성운송 한기석 대표" / "권혁민 한화오션 대표이사": of two names in a row, a four-syllable one is the company
    # when the other is a Korean name (surname + one or two syllables)
    def korean_name(m) -> bool:
        return bool(re.fullmatch(rf"[{_SURNAMES}][\uac00-\ud7a3]{{1,2}}", m.group()))

    out = [m for m in out if not (re.fullmatch(r"[\uac00-\ud7a3]{4,}", m.group()) and any(
        korean_name(n) and (n.start() == m.end() + 1 or m.start() == n.end() + 1) for n in out))]
    # "[인터뷰: 윤태호 / 코드브릭 대표]": after the slash comes the person's company
    out = [m for m in out if not re.search(r"[\uac00-\ud7a3]\s*/\s*$", text[max(0, m.start() - 6):m.start()])]
    # "한화 김도균 감독은": a three-syllable Korean name right before its title is the person, and the
    # two-syllable word before it the team or company
    titled = [m for m in out if _KOREAN_NAME3.fullmatch(m.group()) and _TITLE_NEXT.match(text, m.end())]
    out = [m for m in out if not any(len(m.group()) == 2 and t.start() == m.end() + 1 for t in titled)]
    # "이정민 강원대 원예학과 교수": a word right after a Korean name is its organisation, not a second person
    out = [m for m in out if m in titled or not (_HANGUL.match(m.group()) and any(
        korean_name(n) and m.start() == n.end() + 1 for n in out if n is not m))]
    return tuple(sorted(out, key=lambda m: m.start()))


_DEF = re.compile(r"의미한다|뜻한다|말한다|가리킨다|일컫는다|이란|이라는|\bmeans?\b|refers? to|is defined as|브랜드명|용어|"
                  # "X은 … 설계한 방식이다", "출력제한은 … 멈추게 하는 조치다": a sentence that says what kind of thing X is
                  r"(?:방식|제도|조치|개념|기술|현상|장치|정책|제품|서비스|프로그램|사업|지표|점수|지원금|상품|시설)(?:이)?다[.\s\"”']*$", re.I)
_REASON = re.compile(r"때문|위해|위하여|위한 (?:조치|포석|전략|목적|차원|것)|목적으로|려는 (?:[\uac00-\ud7a3]+ )?(?:전략|움직임|의도|목적|포석|차원|조치)|려고|하고자|"
                     r"(?:으로|로) (?:읽힌다|풀이된다|해석된다|분석된다)|이로 인해|(?:으로|로) 인해|덕분|탓|힘입어|영향으로|여파로|원인|배경(?:으로|에는)|"
                     r"이끌었|견인|이유는|이유로|원인은|배경은|because|due to|driven by|thanks to|in order to|so that|since|(?:아서|어서|므로)(?=[\s,])", re.I)
_PLACE = re.compile(r"에서|[가-힣]+(?:주|시|국|도)\b|본사|공장|\bin [A-Z][a-z]+|\b(?:city|state|country|plant|headquarters)\b", re.I)
# "in Frankfurt", "at the Port of Rotterdam": an English place after its preposition
_PLACE_EN = re.compile(r"\b(?:in|at|near|from) ((?:the )?[A-Z][a-z]+(?:(?: of)?[ -][A-Z][a-z]+)*)")
_ORDINAL = re.compile(r"(?:첫|두|세|네|다섯|여섯|일곱|여덟|아홉|열|열한|열두|스무|\d+)\s*번째")
_COUNT = re.compile(rf"(?:{KO_NUM}|\d[\d,.]*)\s*여?\s*(?:{QTY_UNITS}|people|employees|workers|staff|units|jobs|ships|vessels|"
                    rf"carriers|plants|stores)|{_ORDINAL.pattern}", re.I)
TYPED = ("amount", "date", "count", "percent", "age")
_AGE = re.compile(r"(?:(?:\d{1,3}\s*[~∼-]\s*)?\d{1,3}(?:\.\d)?\s*(?:세|살)|(?<!\d)[1-9]0\s*대(?:\s*(?:초반|중반|후반))?)(?:\s*(?:이상|이하|미만|초과))?"
                  r"(?=(?:로|으로|에|이|가|은|는|의|을|를|까지|부터|에서|이던|이었|인|이다|였으며|였고|였다|였던|이며|이고)?(?![\uac00-\ud7a3]))|\b\d{1,3}(?:-year-old| years old)\b|\(\d{1,3}\)|\baged \d{1,3}\b")
WHO = ("person", "party")
_KOREAN_NAME3 = re.compile(rf"[{_SURNAMES}][\uac00-\ud7a3]{{2}}")  # a surname and a two-syllable given name
_TITLE_NEXT = re.compile(rf"\s*(?:{_TITLES})(?:\([^()]{{1,12}}\))?(?:은|는|이|가|의|\s|,)")  # a title right after a name
# People named by what they are rather than by name: an answer to "who can sell shares?"
_PEOPLE = re.compile(r"(?:[\uac00-\ud7a3]+ 및 )?[\uac00-\ud7a3]*(?:직원|임직원|주주|투자자|근로자|노동자|소비자|관계자|경영진)들?"
                     r"|\b(?:current and former |former |existing )?(?:employees|staff|workers|shareholders|investors|"
                     r"customers|consumers|officials|executives|policymakers|economists|analysts)\b", re.I)
_QUOTE = re.compile(r"[\"“”「」]")
# A company or body named in the text: a glossed name (리버튼 모터스(Riverton Motors)), two or more
# capitalized words (The Information, Southern Cross Lithium) or an acronym (AMD).
_ORG = re.compile(r"(?:[\uac00-\ud7a3]+ ){0,2}[\uac00-\ud7a3]+\((?:[A-Z][A-Za-z0-9&.'-]*)(?: [A-Z][A-Za-z0-9&.'-]*)*\)"
                  r"|\b(?:The |the )?[A-Z][A-Za-z0-9&.'-]+(?: (?:of |and |& )?[A-Z][A-Za-z0-9&.'-]+)+"
                  r"|\b[A-Z]{2,6}\b")
_NOT_ORG = {"ai", "db", "ceo", "cfo", "cto", "r&d", "ev", "ess", "gdp", "ipo", "it", "us", "u.s", "eu", "uk", "hq", "q1", "q2", "q3", "q4"}


_ORG_KIND_BEFORE = re.compile(r"(?:업체|회사|기업|사무소|법인|스타트업|제작사|배급사|기획사|소속사|협회|단체|재단|그룹|사|팀)\s*$")


def organisations(text: str, exclude: tuple[str, ...] = ()) -> list[re.Match]:
    """Organisation-like names, skipping the names in ``exclude`` and generic acronyms (AI, CEO)."""
    out = []
    for m in _ORG.finditer(text):
        low = m.group().lower()
        inner = re.search(r"\(([^()]*)\)", low)
        key = inner.group(1) if inner else low
        if key in _NOT_ORG or any(e and (e in low or low in e) for e in exclude):
            continue
        if inner and re.search(r"(?:주|시|군|구|도|국|카운티|州)\(", m.group()):
            continue  # a place: 조지아주(Georgia), 브라이언 카운티(Bryan County)
        if inner and re.fullmatch(r"[a-z]+ [a-z]+-[a-z]+", inner.group(1)):
            continue  # a person: 윤서진(Yoon Seo-jin), a Korean name romanized with its hyphen
        closed = text[m.end():m.end() + 1] in ("'", "’", '"', "”")  # (the opening quote is looked for only then)
        quote = closed and re.search(r"['‘\"“][^'‘’\"“”]*$", text[:m.start() + 1])
        if quote and not _ORG_KIND_BEFORE.search(text[:quote.start()]):
            continue  # a product or a title in quotes, '불꽃라면 마일드(Bulkkot Mild)' (not "건축사무소 '폴데르 아키텍츠'")
        if inner:  # as many Korean words before the gloss as it has English words, at most two
            n = min(len(inner.group(1).split()), 2)
            words = list(re.finditer(r"[\uac00-\ud7a3]+", text[m.start():m.start() + low.index("(")]))
            if n == 2 and len(words) >= 2 and re.search(r"(?:의|인|은|는|을|를|에|로)$", words[-2].group()):
                n = 1  # "부산 기반의 에어가야(Air Gaya)": a word with a particle is no part of the name
            start = m.start() + words[-n].start() if len(words) >= n else m.start()
            out.append(_Found(start, m.end(), text[start:m.end()]))
        else:
            out.append(_Found(m.start(), m.end(), m.group()))
    return out


class _Found(tuple):
    """A found name with the ``re.Match`` methods the span code uses."""

    def __new__(cls, start: int, end: int, text: str):
        return super().__new__(cls, (start, end, text))

    def start(self) -> int:
        return self[0]

    def end(self) -> int:
        return self[1]

    def group(self) -> str:
        return self[2]


def has_place(text: str, exclude: tuple[str, ...] = ()) -> bool:
    """A named place (not just 에서 or 공장): "충북 청주", "포항스틸야드", "in Frankfurt"."""
    m = _PLACE_EN.search(text)
    return bool(places(text, exclude)) or bool(m and m.group(1).lower() not in exclude)


@lru_cache(maxsize=50_000)
def has_type(text: str, qtype: str, exclude: tuple[str, ...] = ()) -> bool:
    """Does the text hold a candidate answer of the expected type? (Cached: every question reads ~40 sentences.)"""
    if qtype in ("amount", "percent"):
        return any(m.kind in ("amount", "percent", "quantity") for m in mentions(text))
    if qtype == "age":
        return bool(_AGE.search(text))
    if qtype == "count":
        return bool(_COUNT.search(text)) or any(m.kind == "quantity" for m in mentions(text))
    if qtype == "date":
        return any(m.kind == "date" for m in mentions(text)) or bool(RELATIVE_DATE.search(text))
    if qtype in WHO:
        return bool(persons(text, exclude)) or (qtype == "party" and bool(organisations(text, exclude) or _PEOPLE.search(text)))
    if qtype == "quote":
        return bool(_QUOTE.search(text))
    if qtype == "definition":
        return bool(_DEF.search(text))
    if qtype == "reason":
        return bool(_REASON.search(text))
    if qtype == "place":
        return bool(places(text, exclude) or _PLACE.search(text))
    return True


_CONNECTIVE = set("고며서면나만데니게록도요죠지을를은는로에")  # verb endings and the particles that close an argument


def _list_comma(before: str) -> bool:
    """A comma after a Korean noun ("모델 연구·개발(R&D), 데이터센터 확장, ...") separates list items, not clauses."""
    word = re.sub(r"\([^()]*\)$", "", before.rstrip().rstrip(",，").rstrip())
    # (or a figure: "초등학교 0.9%, 중학교 1.0%, 고등학교 2.3%로")
    return bool(word) and (_HANGUL.match(word[-1]) is not None and word[-1] not in _CONNECTIVE
                           or bool(re.search(r"[\uac00-\ud7a3]\s+\d[\d.,]*\s*(?:%|%p|㎞|㎏|㎡|㏊|㎜|㎝|℃)$", word)))


def clauses(text: str) -> list[tuple[int, int]]:
    """Clause bounds; never breaks inside parentheses or quotes."""
    out, pos = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        before = text[:m.start()]
        if before.count("(") > before.count(")") or before.count("“") > before.count("”") or before.count('"') % 2:
            continue
        if _list_comma(before):
            continue
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


NEAR = 12  # characters around an amount/date in which a question word names what it measures
NEAR_WEIGHT = 2.0
ITEM = 36  # characters back to the start of a figure's list item, in which a question word still counts a little
ITEM_SCORE = 0.05  # less than any word within NEAR: it breaks ties only
SUBJECT_WEIGHT = 3.5  # a term this heavy is the question's subject, named at most three times: the clause about it answers
OWN_WORD = 0.5  # a clause with the question's own word, not only another form of its concept
_KINDS = {"amount": ("amount", "percent", "quantity"), "percent": ("percent", "amount"), "date": ("date",),
          "count": ("quantity",)}


def kinds_in(text: str) -> set[str]:
    """``kind_of`` of every mention in the text, plus "count" for an ordinal (여섯 번째)."""
    kinds = {kind_of(m) for m in mentions(text)}
    if _ORDINAL.search(text):
        kinds.add("count")
    return kinds


def rank_kind(text: str, prefer) -> int:
    """Index of the best group of ``prefer`` that the text has a mention of (``len(prefer)`` for none)."""
    kinds = kinds_in(text)
    return next((i for i, group in enumerate(prefer) if kinds & set(group)), len(prefer))


def _clause_score(piece: str, qtype: str, terms, exclude: tuple[str, ...] = (), near=()) -> float:
    """``terms``: (surface forms, weight) pairs; weights favour the subject and rare terms.

    For amount/date questions a word of the question (``near``: forms of its nouns and words, not its
    names) right next to the figure ("기업가치가 $500 billion로 평가") says that this figure is the one
    asked about, and counts again.
    """
    low = piece.lower()
    score = sum(w for forms, w in terms if any(f in low for f in forms))
    # the question's own word over another form of it: "순이익은 1천105억원" over "영업이익은 1천842억원"
    score += sum(OWN_WORD for forms, w in terms if w > 1 and forms and forms[0] in low)
    if qtype != "other" and has_type(piece, qtype, exclude):
        score += 1.5
    if qtype in TYPED:
        kinds = _KINDS.get(qtype, ("amount", "percent", "quantity", "date"))
        spots = [low[max(0, m.start - NEAR):m.end + NEAR] for m in mentions(piece) if m.kind in kinds]
        score += sum(NEAR_WEIGHT for forms in near if any(f in spot for spot in spots for f in forms))
    return score


def best_clause(text: str, qtype: str, terms, exclude: tuple[str, ...] = (), near=(), asked: Asked = Asked()) -> tuple[int, int]:
    """The clause about the question's terms; for typed questions, only clauses holding a candidate compete
    (of the best kind there is: "금리는 몇 %야?" takes the clause with a percent, not the one with 5억원)."""
    every = clauses(text)
    parts = every
    if qtype == "place":
        named = [c for c in parts if has_place(text[c[0]:c[1]], exclude)]
        parts = named or parts
    if qtype in TYPED or qtype in (*WHO, "reason"):  # a "why" is answered by the clause giving the reason
        typed = [c for c in parts if has_type(text[c[0]:c[1]], qtype, exclude)]
        parts = typed or parts
        if qtype == "count" and asked.unit and asked.unit != "번째":
            # "해상도는?": the clause with 3m, not the one with 14차례; "몇 번에 나눠?": the one with 4차례, not 12기
            parts = [c for c in parts if any(m.kind == "quantity" and unit_ok(m.text, asked.unit)
                                             for m in mentions(text[c[0]:c[1]]))] or parts
        for group in (asked.prefer or preference(qtype)) if qtype in ("amount", "percent", "count") else ():
            best = [c for c in parts if any(kind_of(m) in group for m in mentions(text[c[0]:c[1]]))]
            if best:
                parts = best
                break
        if qtype in TYPED and len(parts) > 1:  # "모두 얼마?", "작년엔?", "언제부터?": the clause whose figure fits
            fit = {c: sentence_fit(text[c[0]:c[1]], qtype, asked) for c in parts}
            parts = [c for c in parts if fit[c] == max(fit.values())]
    if asked.part:  # "그중 산림 피해는?": the clause that takes a part of the whole ("이 가운데 산림 피해액이 287억원")
        parts = [c for c in parts if _PART.search(text[c[0]:c[1]])] or parts
    if not parts:
        return 0, len(text)
    # the clauses from where the question's subject (its weightiest term, a name) comes in: "누리카드의 … 310만명으로
    # … 가장 많고, 2위 한결카드는 240만명을 확보" for Hangyeol Card, even when the other clause has more of its
    # words (a subject named first goes on in the clauses after it: "'마곡 더그랜드힐'은 …에 그쳤고, 당첨자 가운데 약 28%가 …")
    subject = max(terms, key=lambda t: t[1], default=None)
    if subject and subject[1] >= SUBJECT_WEIGHT and len(parts) > 1:
        first = next((i for i, c in enumerate(parts) if any(f in text[c[0]:c[1]].lower() for f in subject[0])), 0)
        parts = parts[first:]

    def score(a: int, b: int) -> float:
        own = _clause_score(text[a:b], qtype, terms, exclude, near)
        i = every.index((a, b))
        if i and _CONTINUES.match(text[a:b]):  # ", and began cutting it in June 2024": the same subject goes on
            pa, pb = every[i - 1]
            before, here = text[pa:pb].lower(), text[a:b].lower()
            own += sum(w for forms, w in terms if w > 1 and any(f in before for f in forms)
                       and not any(f in here for f in forms))
        return own

    scored = [(score(a, b), -i, (a, b)) for i, (a, b) in enumerate(parts)]
    return max(scored)[2]


# A clause that continues the previous one's subject: English "and/but/then …" without a new subject.
_CONTINUES = re.compile(r"\s*(?:and|but|then|while|before|after)\s+(?!the\b|its\b|their\b|[A-Z])[a-z]+(?:ed|s|ing)?\b")


def _gloss_end(piece: str, end: int) -> int:
    g = re.match(r"\s*\([^()]{1,40}\)", piece[end:])
    return end + g.end() if g else end


def _near_score(low: str, start: int, end: int, near, stop: int | None = None) -> float:
    """Words of the question around a figure, the closer the more: 1 right next to it, ~0 at NEAR characters.

    With ``stop`` (where the next figure's label starts), a word after the figure counts only before it
    ("수주액은 $5.8 billion으로 늘어 연간 목표치 $9.5 billion": 목표치 labels the second figure, not the first)."""
    score = 0.0
    for forms in near:
        best = None
        for f in forms:
            if not f:
                continue
            lo, hi = max(0, start - ITEM - len(f)), min(end + NEAR, stop or len(low))
            pos = low.find(f, lo, hi)
            while pos != -1:
                nxt = low.find(f, pos + 1, hi)
                after = pos + len(f) > start
                d = start - (pos + len(f)) if not after else max(0, pos - end)
                between = low[pos + len(f):start] if not after else low[end:pos]
                # (a word across a comma is the neighbouring item's: "1조9천억원을 주거 지원에, 1조6천억원을")
                # (further back within the figure's list item, a little: "육식공룡인 수각류 발자국은 310여 개")
                w = 1 - d / (NEAR + 1) if d <= NEAR else ITEM_SCORE if not after and d <= ITEM else None
                if "," not in between and ";" not in between and w is not None and (best is None or w > best):
                    best = w
                pos = nxt
        if best is not None:
            score += best
    return score


# the word written right before a figure, as its label: "청소년 1천500원", "B씨에게 징역 6년을", "노조는 15만8천원"
_LABEL_TAIL = r"(?:\(\d{1,3}\))?)(?:에게|께|은|는|이|가|의|도)?\s*(?:징역|약|최대|최소|총|무려)?\s*\(?$"  # its particle, "약", "(", …
_LABEL = re.compile(r"([\uac00-\ud7a3A-Za-z]+" + _LABEL_TAIL)
# the two words before a figure, within its clause: "중산리 코스가 1천200명", "연간 목표치 $9.5 billion"
# (the first of two words modifies the second, without a particle of its own: not "교통사고가 발생해 19명이")
_LABEL2 = re.compile(r"((?:[\uac00-\ud7a3A-Za-z]+(?<![은는이가을를에의도로와과서])\s+)?[\uac00-\ud7a3A-Za-z]+" + _LABEL_TAIL)
_PER = re.compile(r"\)?\s*(?:당(?![\uac00-\ud7a3])|per\b)")  # a denominator: 3.3㎡당, 1천 명당
# what a figure changed from ("월 150만원에서", a headline's "30만원→50만원")
_BASE = re.compile(r"\)?\s*(?:에서|보다|대비|에 비해|from\b|than\b|compared|→|->)")
# a figure something changes from, straight to the next one: "올해 8곳에서 12곳으로" (not "지난해 250억원에서 올해
# 350억원으로", where each figure has its own period word)
_NOW_IS = re.compile(r"(?:현재|지금|현행)\s*$")
_IS_BEFORE_NOUN = re.compile(r"(?:인|이던|였던)\s")  # "84명인 직원"
_NOW_BEFORE = re.compile(r"(?:올해|금년|이번|내년|this year|next year)\s*$")  # (a past one, 지난해, labels the figure)
_FROM_TO = re.compile(r"\)?\s*에서\s+\d[\d,.]*[^\s,.]{0,6}?(?:으로|로)(?![\uac00-\ud7a3])")
_DIFF = re.compile(r"\)?\s*(?:(?:이|가)\s+)?(?:더\s+)?(?:많은|적은|늘어난|줄어든|증가한|감소한|오른|내린|높은|낮은|늘린|줄인|"
                   r"more than|less than|higher than|lower than)\s+(?:약\s*)?\d")
_PART = re.compile(r"(?:가운데|중에서|이 중|그중|그 중)(?![\uac00-\ud7a3])")  # where a part of a whole is given
_PART_BEFORE = re.compile(_PART.pattern + r"[^,.;]{0,30}$")  # a figure given as that part: "이 가운데 산림 피해액이 287억원"
# the whole a part is taken from ("임직원 670명 가운데 120명을", "인문계열 6개 학과 가운데 4곳은")
_WHOLE = re.compile(r"\)?\s*(?:[\uac00-\ud7a3]{1,6}\s+)?(?:가운데|중에서|중\s)")
# what may follow a date and belongs to it: "내년 상반기", "올해 연말", "3월 초"
# what a date carries after it: a part of the period (하반기, 말), a clock time (15일 오전 10시), 께 / 이후
_DATE_AFTER = re.compile(r"(?:\s*(?:상반기|하반기|[1-4]분기|중순|초순|하순|연말|연초|연내|이후|중|(?:초|말)(?=[\s,.]|까지|부터|에|께|쯤|경)"
                         r"|(?:오전|오후|새벽|밤|저녁|낮)?\s*\d{1,2}\s*시(?:\s*\d{1,2}\s*분)?(?=[\s,.]|께|쯤|경|에|부터|까지|$)"
                         r"|(?<=\S)(?:께|쯤|경)(?=[\s,.]|에|까지|부터|$)|\s*전후(?=[\s,.]|에|$)))+")


# the day the news was told: "…했다고 3일 밝혔다"
REPORTED = re.compile(r"\s*(?:께\s*)?(?:밝혔|발표했|전했|말했|설명했|알렸|보도했|공개했)")
_PERIOD_WORD = re.compile(r"작년|지난해|전년|올해|금년|내년|분기|반기|\d|\b(?:year|quarter|half)\b")


def _label_start(low: str, later: list[int]) -> int | None:
    """Where the label of the next figure (starting at ``later[0]``) begins, or that figure's start; None without one."""
    if not later:
        return None
    label = _LABEL.search(low[:later[0]])
    return label.start() if label else later[0]


def _said(low: str, end: int, starts: list[int], preds, near) -> tuple[int, int]:
    """How many of the question's verbs, then of its words, follow a date up to the next figure or comma: its
    predicate ("오전 3시 40분께 … 점포에서 시작돼 … 오전 8시 50분께 완전히 꺼졌다": 시작 is said of the first time,
    꺼지 of the second; not "착공은 오는 2026년 하반기, 상업운전 개시는 …", where 개시 is the next item's). A verb
    of the question counts first: "다 꺼진 건 언제고?" after "불은 언제 시작됐어?" asks when it went out."""
    stop = min([s for s in starts if s >= end] + [low.find(c, end) % (len(low) + 1) for c in ",;"])
    return tuple(sum(1 for forms in group if any(f and f in low[end:stop] for f in forms)) for group in (preds, near))


_EACH = re.compile(r"(?:각각|respectively)")
_EACH_ITEMS = re.compile(r"\s*(?:,|(?<=[\uac00-\ud7a3])(?:과|와)(?=\s)|및|\band\b)\s*")


def _respective(piece: str, found, near) -> dict[int, int]:
    """"개통 지연과 요금 과다 청구가 각각 388건, 301건": per figure's start, 1 for the figure in the place of the item
    the question names and -1 for one in another item's place; figures outside such a list are left out (0)."""
    e = _EACH.search(piece)
    if not e or not near:
        return {}
    figs = [m for m in found if m.start >= e.end() and not re.search(r"[.?!]", piece[e.end():m.start])]
    if len(figs) < 2:
        return {}
    clause = re.split(r"[,.]\s|이 가운데|가운데|중\s", piece[:e.start()])[-1]
    items = [re.sub(r"(?:이|가|은|는|도|의)$", "", w.strip()) for w in _EACH_ITEMS.split(clause) if w.strip()][-len(figs):]
    if len(items) != len(figs):
        return {}
    asked = [i for i, item in enumerate(items) if any(f and f in item.lower() for forms in near for f in forms)]
    if len(asked) != 1:
        return {}
    return {m.start: 1 if i == asked[0] else -1 for i, m in enumerate(figs)}


_HELD_AT = re.compile(r"(\s+(?:[^\s,.\"“]+\s){0,2}[^\s,.\"“]+?)에서\s*(?:열린|열렸|열리는|열릴|개최|진행된|진행됐|치러|치른|가진|갖|연\s)")
_LISTED_BEFORE = re.compile(r"(?:\d[\d.,천만억조]*\s*[\uac00-\ud7a3%]{0,3}\s*,\s*)+$")


def _typed_span(text: str, a: int, b: int, qtype: str, exclude: tuple[str, ...] = (), near=(),
                asked: Asked = Asked(), preds=()) -> tuple[int, int] | None:
    """``asked``: what the question asks for (kinds of figure, the earlier figure, the unit counted, ...)."""
    prefer, unit, bound = asked.prefer or preference(qtype), asked.unit, asked.bound
    piece = text[a:b]
    if qtype in ("amount", "percent", "date", "count"):
        found = mentions(piece)
        if qtype == "date" and bound:  # "언제부터?": a relative date (지난달 20일부터) competes with the full ones
            rel = [Mention("date", r.start(), r.end(), r.group(), "rel") for r in RELATIVE_DATE.finditer(piece)
                   if not any(m.start <= r.start() < m.end for m in found)]
            found = tuple(sorted((*found, *rel), key=lambda m: m.start))
        if qtype == "date" and asked.grain:  # "며칠에?": only a date with a day answers
            found = tuple(m for m in found if m.kind != "date" or grain_ok(m.text, asked.grain))
        if qtype == "count" and unit != DURATION:  # a length of time (1년 만, 60여년간) counts nothing else there is
            counts = tuple(m for m in found if m.kind != "quantity" or not unit_ok(m.text, DURATION))
            found = counts if any(m.kind == "quantity" for m in counts) else found
        if qtype in ("amount", "percent"):  # "수온은 얼마나 올랐어?": 1.44도, not the 57년 it took
            found = tuple(m for m in found if m.kind != "quantity" or not unit_ok(m.text, DURATION)) or found
        if qtype == "count" and unit in MEASURES:  # "무게는?": 24㎏, not the 14차례 of the same sentence
            found = tuple(m for m in found if m.kind == "quantity" and unit_ok(m.text, unit)) or found
        ms = next(([m for m in found if kind_of(m) in group] for group in prefer
                   if any(kind_of(m) in group for m in found)), [])
        if qtype == "count" and unit == FREQUENCY:  # "얼마나 자주?" -> 매달 한 차례, 하루 12차례, 주 4회
            f = _FREQUENCY.search(piece)
            if f:
                return a + f.start(), a + f.end()
        if qtype == "count" and (unit == "번째" or not ms):  # "몇 번째 우승이야?" -> 여섯 번째
            m = (_ORDINAL if unit == "번째" else _COUNT).search(piece) or (_COUNT.search(piece) if not ms else None)
            if m or not ms:
                return (a + m.start(), a + m.end()) if m else None
        if not ms and qtype == "date":
            rel = [r for r in RELATIVE_DATE.finditer(piece) if grain_ok(r.group(), asked.grain)]
            if not rel:
                return None
            low = piece.lower()  # the one next to the question's words: "24일 공시했다" for "언제 발표했어?"
            # (not the day the news was told, "…의결됐다고 3일 밝혔다", unless the question asks when it was said)
            starts = [x.start() for x in rel] + [m.start for m in found]
            r = max(rel, key=lambda x: (bool(bound) and bounded(piece, x.end(), bound),
                                        asked.reported or not REPORTED.match(piece, x.end()),
                                        _said(low, x.end(), starts, preds, near),
                                        _near_score(low, x.start(), x.end(), near), -x.start()))
            t = _DATE_AFTER.match(piece, r.end())
            e = t.end() if t else r.end()
            w = re.match(r"((?:\s*[\uac00-\ud7a3]{1,4}){1,2}?)\s*" + bound, piece[e:e + 14]) if bound else None
            return a + r.start(), a + e + (len(w.group(1)) if w else 0)
        if not ms:
            return None
        # a figure glossed in parentheses ("$2.1 billion(약 2조 9천억 원)") is one answer with its gloss
        # (but "6명으로 지난해(11명)" is last year's figure, not a gloss: only a figure's own words may come between)
        ms = [m for m in ms if not re.search(r"\d[\d.,\s%$€£¥A-Za-z조억만천백원달러엔유로위안]{0,30}\(\s*(?:약|about|around)?\s*$",
                                             piece[:m.start])]
        if not ms:
            return None
        # the figure the question's words stand next to ("1년 전보다 3.2% 올랐다" for "how much did it rise")
        low = piece.lower()
        # a figure something changed from or is compared with ("월 150만원에서 월 250만원으로", "올해(18조3천억원)보다
        # 20% 늘린 약 22조원") is not the new figure the question asks about, unless it asks what it was before
        respective = _respective(piece, found, near)  # (once per clause, not per figure)

        def key(x):
            end = _gloss_end(piece, x.end)
            # a date: not the day the news was told ("…했다고 3일 밝혔다"), unless the question asks when it was said
            told = qtype == "date" and not asked.reported and bool(REPORTED.match(piece, end))
            # (the date the question's verbs and words are said of: ``_said``)
            said = _said(low, end, [o.start for o in found], preds, near) if qtype == "date" else (0, 0)
            if qtype == "date" and bound:  # "언제까지?" wants the date followed by 까지, "언제부터?" by 부터
                return (bounded(piece, end, bound), not told, said, _near_score(low, x.start, end, near), -x.start)
            # a base figure the question points at itself ("올해 시설투자는?" -> "올해(18조3천억원)보다") still answers
            # (not by a word the figure of another period shares: "지난해 상반기 14%" for "올해 상반기 몇 %?")
            # (a period word: "하루 24회에서 40회로" for "하루 몇 회로 늘어나?" still asks the new figure)
            # (not 전년, the year before the sentence's own: "5만8천312명으로 전년(5만2천940명)보다" for "작년에 몇 명?")
            # (a figure listed after another of the same period points there too: "지난해 12곳, 1천300가구보다")
            head = _LISTED_BEFORE.sub("", low[max(0, x.start - 40):x.start])
            pointed = any(head.rstrip(" (").endswith(f) for forms in near for f in forms
                          if _PERIOD_WORD.search(f) and not f.startswith("전")) and not of_other_period(piece, x.start, asked)
            per = bool(_PER.match(piece, end))  # a denominator ("1천 명당 58.3명") never answers
            # "작년보다 낮은 거야?": a change in points (2.4%p) before a level (78.1%)
            points = asked.moved and (x.text.endswith(("%p", "basis points", "bp", "포인트"))
                                      or bool(re.match(r"\s*(?:포인트|p\b|percentage point|basis point)", piece[x.end:])))
            # a figure labelled with the question's own word: "청소년" in "성인 3천원, 청소년 1천500원"
            # (the question's own word, 순이익, over another form of its concept, 이익 of 영업이익; the two words before
            # it, so "중산리 코스가 1천200명" is the one labelled for "중산리 코스 정원은?", not "오색 코스가 1천500명")
            label, word = _LABEL2.search(low[:x.start]), _LABEL.search(low[:x.start])
            labelled = (sum(2 if forms[0] in label.group(1) else 1 for forms in dict.fromkeys(near)
                            if forms and any(f and f in label.group(1) for f in forms)) if label else 0) \
                + (bool(word) and any(f and f in word.group(1) for f in exclude))
            whole = bool(_WHOLE.match(piece, end)) and not asked.total  # "670명 가운데 120명을": the part is asked
            # "그중 산림 피해는?": the figure given as a part ("…412억원으로, 이 가운데 산림 피해액이 287억원")
            part = asked.part and bool(_PART_BEFORE.search(piece[:x.start]))
            # "지난해보다 1천억원 많은 8천760억원": a difference, unless the question asks how much something changed
            diff = bool(_DIFF.match(piece, end)) and not asked.moved
            # (a period word before a figure it changed from, "올해 8곳에서 12곳으로 늘린다", dates the change, not that figure)
            from_to = bool(_FROM_TO.match(piece, end)) and bool(_NOW_BEFORE.search(low[:x.start]))
            base_ok = asked.before or (pointed and not from_to) or of_asked_period(piece, x.start, asked) \
                or not _BASE.match(piece, end)
            # "현재 84명인 직원은 내년 말까지 130명으로 늘어난다": the figure now is what a change starts from
            base_ok = base_ok and not (asked.moved and not asked.before and _NOW_IS.search(low[:x.start])
                                       and _IS_BEFORE_NOUN.match(piece, end))
            # (fits: the year, total or per-unit cues, and the figure per day for "하루에 몇 톤씩?")
            # (a figure the question states itself is not what it asks: "How many … couldn't fill even 80%?")
            stated = bool(asked.given) and re.sub(r"[^\d.]", "", x.text.split("(")[0]).strip(".") in asked.given
            return (not told, not stated, not per and not whole and not diff and base_ok, respective.get(x.start, 0),
                    unit_ok(x.text, unit),
                    points, part, fits(piece, x.start, asked), labelled, said,
                    # the question's words and names around it ("오색 코스가 1천500명, 중산리 코스가 1천200명" for 중산리)
                    _near_score(low, x.start, end, [*near, *((f,) for f in exclude if f)],
                                _label_start(low, [o.start for o in found if o.start >= end])), -x.start)

        m = max(ms, key=key)
        s, e = m.start, m.end
        if qtype == "count" and re.search(r"\d\s*개$", m.text):  # "6개 시도": what is counted belongs to the answer
            what = re.match(r"\s(?:[\uac00-\ud7a3]{1,4}?|[\uac00-\ud7a3](?:·[\uac00-\ud7a3]){1,3})"
                            r"(?=(?:에서|에|의|이|가|은|는|을|를|와|과|으로|로)?[\s,.])", piece[e:])  # (12개 시·군·구)
            e += what.end() if what else 0
        rng = re.search(r"\d[\d,.]*\s*[~∼–-]\s*$", piece[:s])  # a range: "10~15%"
        s = rng.start() if rng else s
        q = _QUAL_BEFORE.search(piece[:s])
        if q:
            s = q.start()
        if qtype == "date":
            r = re.search(r"(?:지난해|작년|올해|내년|지난|오는|이번|내일|모레|오늘|어제|last|this|next)\s*$", piece[:s], re.I)
            s = r.start() if r else s
            t = _DATE_AFTER.match(piece, e)
            e = t.end() if t else e
            if bound:  # "28일 첫차부터": the words before 부터 belong to the date
                w = re.match(r"((?:\s*[\uac00-\ud7a3]{1,4}){1,2}?)\s*" + bound, piece[e:e + 14])
                e += len(w.group(1)) if w else 0
            # "언제부터 언제까지?": from the date followed by 부터 to the next one followed by 까지
            both = asked.range and re.match(r"\s*부터\s*(.{1,24}?까지)", piece[e:])
            if both and any(d.start < e + both.end(1) for d in found if d.start >= e):
                e += both.end(1)
        tail = _QUAL_AFTER.match(piece[e:])
        if tail:
            e += len(tail.group().rstrip())
        return a + s, a + e
    if qtype == "age":  # "정년을 63살에서 65살로": the new age, unless the question asks what it was
        ages = list(_AGE.finditer(piece))
        top = (lambda x: bool(_TOP_AFTER.match(piece, x.end()))) if asked.most else (lambda x: False)
        low = piece.lower()  # the age written with the asked name ("이복례(93)"), before another ("평균 나이는 79.4세")
        named = lambda x: any(f and low[:x.start()].rstrip(" (").endswith(f) for f in exclude)  # noqa: E731
        m = max(ages, key=lambda x: (named(x), asked.before or not _BASE.match(piece, x.end()), top(x), -x.start()), default=None)
        return (a + m.start(), a + m.end()) if m else None
    if qtype == "place":  # "경남 거제시 옥포조선소", "Frankfurt"
        # (not the asked thing itself, "공동 물류센터" for "Where will the logistics center be?")
        found = [p for p in places(piece, exclude) if not any(len(f) >= 2 and _HANGUL.search(f) and
                                                               piece[p[0]:p[1]].endswith(f) for f in exclude)]
        if found:  # the most specific: a venue or a run of places ("포항스틸야드" over "포항")
            # "가장 높은 지역은?": the place the sentence ranks first ("세종이 1.6%로 가장 높았고, 서울은 …")
            top = (lambda p: bool(_TOP_AFTER.match(piece, p[1]))) if asked.most else (lambda p: False)
            # then the one the question's words stand next to ("로스앤젤레스에 공동 물류센터" for the logistics centre)
            low = piece.lower()
            # then one written as where ("군외면 대문리 일원에"), not as who ("완도군은")
            s, e = max(found, key=lambda p: (top(p), _near_score(low, p[0], p[1], near) if len(found) > 1 else 0,
                                             not re.match(r"(?:은|는|이|가)(?![\uac00-\ud7a3])", piece[p[1]:]),
                                             bool(VENUE_END.search(piece[p[0]:p[1]])), len(piece[p[0]:p[1]].split()), -p[0]))
            held = _HELD_AT.match(piece, e)  # "청주시 흥덕구 오송읍 오스코(OSCO)에서 열린": the venue after the places too
            return a + s, a + (held.end(1) if held else e)
        m = _PLACE_EN.search(piece)
        return (a + m.start(1), a + m.end(1)) if m and m.group(1).lower() not in exclude else None
    if qtype in WHO:
        people = persons(piece, exclude)
        ms = people or (organisations(piece, exclude) or list(_PEOPLE.finditer(piece)) if qtype == "party" else [])
        if asked.org:  # which company: a name, not a person and not the kind asked about (저비용항공사 for 항공사)
            kinds = [f for forms in near for f in forms if _HANGUL.search(f)]
            orgs = [m for m in organisations(piece, exclude) if not any(k in m.group() for k in kinds)]
            ms = orgs or ([] if people else ms)  # a person's name is no company's
        if not ms:
            return None
        low = piece.lower()  # of several names, the one the question's words stand next to ("동점골 ... 정태민")
        # "Who plays Kang Cheol-min?": the actor in parentheses after the asked role, 강철민(서강현 분)
        cast = lambda x: any(f and low[:x.start()].endswith(f + "(") for f in exclude)  # noqa: E731
        m = max(ms, key=lambda x: (cast(x), _near_score(low, x.start(), x.end(), near), -x.start()))
        return a + m.start(), a + m.end()
    return None


def answer_span(text: str, qtype: str, terms, exclude: tuple[str, ...] = (), near=(),
                asked: Asked = Asked(), preds=()) -> tuple[int, int]:
    """(start, end) within ``text`` of the shortest piece that answers.

    ``exclude``: lower-cased names from the question, which can't be the answer to "who".
    ``asked``: what the question asks for (``qa.asked.asked``).
    ``preds``: surface forms of the question's verbs (꺼진, 꺼졌 …): the date whose predicate they are answers.
    """
    if qtype == "place" and asked.many:  # "In which provinces?": the places listed, with their figures
        run = place_list(text, exclude)
        if run:
            return run
    a, b = best_clause(text, qtype, terms, exclude, near, asked)
    # which company: the clause with the question's words may hold only the kind ("저비용항공사(LCC) 점유율이 …,
    # 이 가운데 에어가야(Air Gaya)가 … 가장 많았다"), so the whole sentence is searched
    typed = _typed_span(text, 0, len(text), qtype, exclude, near, asked) \
        if asked.org or (asked.most and qtype == "place") else None  # (and "the place ranked first")
    typed = typed or _typed_span(text, a, b, qtype, exclude, near, asked, preds)
    if typed and qtype == "date":
        return joined_dates(text, *typed)
    if typed:
        return typed
    piece = text[a:b]
    if len(piece) < 40 and len(piece) < 0.4 * len(text.strip()) and not (qtype == "reason" and has_type(piece, qtype)):
        a, b = 0, len(text)  # a fragment ("Core inflation") says too little: give the sentence
        piece = text
    trimmed = piece.rstrip().rstrip(" ,;，")
    return a, a + len(trimmed)


_AND = re.compile(r"\s*(?:과|와|및|,|그리고|and)\s*")


def joined_dates(text: str, a: int, b: int) -> tuple[int, int]:
    """A date span with the dates joined to it on either side: "오는 6월 14일과 15일", "오전 10시와 오후 2시"
    (only a date right after or before 과/와/및/a comma, not the next item of a list of other things)."""
    found = dates_in(text)
    starts, ends = {s: e for s, e, _ in found}, {e: s for s, e, _ in found}
    while (m := _AND.match(text, b)) and m.end() in starts and m.end() > b:
        b = starts[m.end()]
    while (before := next((e for e in ends if e < a and _AND.fullmatch(text, e, a)), None)) is not None:
        a = ends[before]
    return a, b


_GLOSS = re.compile(r"^(?P<main>[^()]+?)\s*\((?P<gloss>[^()]+)\)\s*(?P<rest>.*)$")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def role_names(text: str, names: dict[str, tuple[str, ...]]) -> tuple[set[str], set[str]]:
    """(subjects, targets): which of ``names`` (key -> forms) are marked 은/는/이/가 or 에/에게 in ``text``."""
    subj, targ = set(), set()
    low = text.lower()
    for key, forms in names.items():
        for f in forms:
            if f not in low or not _HANGUL.search(f):
                continue
            for m in re.finditer(re.escape(f) + r"(?:\([^()]{0,60}\))?(은|는|이|가|에게|에)(?=[\s,.])", low):
                (subj if m.group(1) in ("은", "는", "이", "가") else targ).add(key)
    return subj, targ


def lead(span_text: str, lang: str) -> str:
    """The span with the question's language first: "$13 billion (130억 달러) 이상" / "130억 달러($13 billion) 이상"."""
    m = _GLOSS.match(span_text)
    if not m:
        return span_text
    main, gloss, rest = m.group("main").strip(), m.group("gloss").strip(), m.group("rest").strip()
    q = re.match(r"^(약|최대|최소|총|무려)\s+", main)
    qual = q.group(1) if q else ""
    main = main[q.end():] if q else main
    main_ko = bool(_HANGUL.search(main))
    gloss_ko = bool(_HANGUL.search(gloss))
    if main_ko == gloss_ko:
        return span_text
    first, second = (main, gloss) if (lang == "ko") == main_ko else (gloss, main)
    return f"{qual} {first} ({second}) {rest}".strip()

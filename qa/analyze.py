"""Question analysis: language, expected answer type and key terms.

Pure functions over the question text and the analyzer passed in; no model.
Key terms are what the article must mention for an answer to exist: English
capitalized names and Korean nouns (kiwipiepy tags NNP/NNG/SL).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_HANGUL = re.compile(r"[\uac00-\ud7a3]")

# English words that are capitalized in questions but are not names.
_EN_STOP = {
    "how", "what", "when", "who", "whom", "whose", "where", "why", "which", "is", "are", "was", "were",
    "did", "does", "do", "has", "have", "had", "the", "a", "an", "and", "or", "in", "on", "of", "to",
    "can", "could", "will", "would", "should", "tell", "me", "please", "give", "explain", "according",
    "i", "it", "its", "this", "that", "there", "ceo", "ai", "since", "after", "before", "during", "for", "between",
    "if", "whether", "as", "at", "by", "from", "with", "about", "into", "than", "then", "also", "so", "why's", "what's",
    "who's", "where's", "when's", "how's", "any", "some", "all", "more", "most", "much", "many", "be", "being", "been",
    "not", "no", "yes", "was", "according", "per", "under", "over", "still", "yet", "just", "only", "ok", "okay",
    "really", "thanks", "thank", "sure", "great", "cool", "hmm", "hi", "hello", "wow", "interesting",
}
# Korean nouns that frame a question rather than name its subject.
_KO_STOP = {"얼마", "규모", "금액", "언제", "누구", "어디", "무엇", "뭐", "이유", "때", "것", "수", "등", "기사", "내용",
            "말", "정도", "관련", "어느", "몇", "왜", "어떤", "무슨", "날짜", "시점", "당시", "그것", "거", "건"}

# units that make a number part of the term: "3분기 영업이익" asks about the third quarter
_COUNTED = {"분기", "사분기", "반기", "차", "세대", "호", "기", "단계", "위", "호선", "공장", "라인"}
QTYPES = ("amount", "count", "age", "percent", "date", "person", "party", "place", "definition", "reason", "quote", "other")
# "Who is the CEO?" needs a person; "Who is the partner?" may be answered by a company ("party")
_PERSON_ROLE = re.compile(r"\b(?:ceo|chief|president|chair(?:man|woman)?|governor|minister|director|founder|spokes\w*|"
                          r"runs|leads|heads|chairs|manages|in charge|scored|"
                          r"analyst|economist|official|executive|head of|photo\w*|took|said|says|told|called|warned)\b"
                          r"|대표|회장|사장|경영자|장관|총재|의원|대변인|교수|위원장|이사|총리|대통령|창업자|연구원|애널리스트|"
                          r"[가-힣]*(?:본부장|국장|청장|처장|실장|팀장|부장|원장|센터장|총장|단장|소장|대장|서장|과장|지사|시장|군수|의장)|"
                          r"차관|감독|코치|선수|기자|판사|검사|변호사|위원|"
                          r"촬영|사진|말했|밝혔|평가했|덧붙|주장|강조|전했")
_QTYPE_RULES = [
    ("age", r"how old|몇\s*살|나이|\bage\b"),
    ("percent", r"몇\s*대\s*(?:1|일)(?!\d)"),  # a competition ratio (98.4대 1), not a count of vehicles
    # how long something lasted (9시간, 사흘간) or at what minute/hour it happened (후반 41분)
    ("count", r"얼마\s*동안|몇\s*(?:시간|일간|주간|개월간|년간)|how long\b(?! ago)|for how many (?:hours|days|weeks|months|years)"),
    ("date", r"몇\s*분에|몇\s*시에|몇\s*분쯤|what time|which minute|in what minute"),
    ("person", r"(?:선수|사람|인물|주인공|배우|가수|작가)(?:은|는|가|이)?\s*[?？]?$|이름이 뭐|이름은|\bwhat(?:'s| is| was) (?:his|her|their|the) name"),
    ("count", r"how many|몇\s*(?:명|개|곳|대|건|채|척|가구|골|경기|번|차례|회)|몇\s*번째|인원|직원\s*수|(?:^|\s)수(?:는|가)|number of"),
    ("percent", r"what (?:share|portion|proportion|fraction|percentage)|what percent|how many percent|what (?:\w+ )?rate\b|몇\s*(?:%|퍼센트)|비율|인상폭|인하폭"),
    ("amount", r"what (?:is|was|are|were) (?:the |its |their )?(?:[\w'-]+ ){0,4}(?:value|amount|size|cost|price|capacity|"
               r"output|revenue|budget|population|area|salary|valuation|turnover|profit|dividend|fee|fine|wage|pay|cap|limit|"
               r"target|estimate|attendance|tax|tariff|loan|debt|production|sales|exports|imports|investment|spending|"
               r"subsidy|bonus|premium|rainfall)\b(?=\s*(?:$|[?,.]|(?:of|in|for|at|per|on|from|this|last|next|by|after|before|"
               r"with|and|to|under|over|now|so far)\b))|how much|how large|how big|valuation|valued|worth|\bsize\b|얼마|(?<![대소중])규모|금액|몇\s*(?:억|조|달러|원)|액수|가치"),
    ("date", r"\bwhen\b|what year|what date|which year|which month|언제|몇\s*년|몇\s*월|며칠|날짜|시점"),
    ("person", r"\bwho\b|\bwhom\b|누가|누구|누군"),
    ("place", r"\bwhere\b|어디|어느\s*곳|장소|곳은\s*[?？]?$|곳이\s*어디|\b(?:which|what) (?:provinces?|cities|city|regions?|"
              r"countries|country|districts?|towns?|venue|stadium)\b|어느\s*(?:지역|도시|나라|시도)"),
    ("reason", r"\bwhy\b|reason|왜|이유|까닭"),
    ("quote", r"뭐라고|무슨 말|what did .*\b(?:say|tell|warn|add)\b|what was said"),
    ("percent", r"\bstakes?\b|지분"),
    # a "what is" about a rate or a price asks for the figure, not a definition
    ("percent", r"\b(?:what|which)\s+(?:is|was|are|were)\b.*\b(?:new|current|latest|now|today)\b.*\b(?:rate|yield)s?\b"
                r"|\b(?:what|which)\s+(?:is|was|are|were)\b.*'s (?:new |current |latest )?(?:[a-z]+ )?(?:rate|yield)s?\b"),
    ("amount", r"\b(?:what|which)\s+(?:is|was|are|were)\b.*\b(?:price|cost|salary|budget)s?\b"),
    # a bare Korean question about a rate: "2월 유로존 물가상승률은?"
    ("percent", r"(?:[\uac00-\ud7a3]*[률율]|비중|금리)(?:은|는|이|가)?\s*(?:몇\s*%?\s*(?:야|이야|인가요?)?)?\s*[?？]?$"),
    # a bare Korean question about a figure noun: "한화오션의 영업이익은?"
    ("amount", r"(?:영업이익|순이익|영업손실|순손실|매출액?|주가|가격|금액|비용|예산|연봉|시가총액|수주액|계약액|투자액)(?:은|는|이|가)?\s*[?？]?\s*$"),
    ("party", r"\b(?:which|what) (?:\w+ )?(?:company|companies|firm|firms|organi[sz]ations?|banks?|chipmakers?|"
              r"automakers?|rivals?|competitors?|partners?|suppliers?|investors?|outlet)\b"
              r"|(?:어느|어떤|어떤\s?곳의?)\s?(?:기업|회사|업체|은행|기관|매체)|(?:기업|회사|업체|제조사|경쟁사|투자자|협력사|공급사)(?:은|는|가)\s*[?？]?$"),
    ("definition", r"what is|what are|what's|what does .* mean|define|meaning of|란\b|이란|란\?|뜻|의미|뭐야|무엇인가"),
]


# A question about how much something changed: a percent may answer it ("How much did shares rise?")
_CHANGE = re.compile(r"\b(?:rise|rose|risen|increase|grow|grew|grown|jump|climb|fall|fell|fallen|drop|decline|"
                     r"decrease|gain|lose|lost|cut|raise|surge|plunge|slump|more|less|cheaper|faster|higher|lower|better|worse)\w*|올랐|오른|오르|상승|증가|늘었|늘어|늘린|"
                     r"줄었|줄어|감소|하락|떨어|내렸|인상|인하|급등|급락|성장|변동|변화|전년|대비|비율|비중|%|퍼센트|좋아|나빠|높아|높였|낮아|"
                     r"낮춘|싸|비싸|빨라|개선|효율", re.I)


# A question about money: a people count or a percent is no answer to it ("현금 얼마 받아?")
_MONEY = re.compile(r"\b(?:money|cash|cost|spend|spent|pay|paid|fund|funding|budget|invest|price|revenue|profit|sales|"
                    r"salary|wage|subsid|grant|loan|won|dollars?|euros?|fee|fine|worth|valu|expens)\w*|돈|현금|비용|예산|지원금|보조금|금액|가격|값|"
                    r"투자|매출|이익|수익|손실|급여|월급|연봉|상한액|한도|재원|기금|요금|수당|벌금|대출|자금|액수|원이야|달러|주가|계약액|"
                    r"시가총액|몸값|분양가|매매가|전셋값|집값|시세|공시가|단가|판매가|출고가|피해액", re.I)


def _label(text: str, table, single: bool = False) -> str:
    """The name of the first (name, pattern) of ``table`` found in the text; with ``single``, only when no
    other one is found too; else ""."""
    found = [name for name, pat in table if re.search(pat, text)]
    return found[0] if found and (len(found) == 1 or not single) else ""


# which way a question's figure moved: "How much did the ECB cut rates?" is not answered by a rate hike
DIRECTIONS = (("down", re.compile(r"\b(?:cut|cuts|lower(?:ed|s)?|reduc(?:e|ed|es)|fall|fell|fallen|drop(?:ped|s)?|declin(?:e|ed|es)|"
                                  r"decreas(?:e|ed|es)|slash(?:ed)?|shr[iau]nk|(?:go|goes|went|gone) down)\b|인하|내렸|내린|내려|낮춰|낮춘|낮췄|줄었|줄어|줄인|"
                                  r"감소|하락|떨어|축소|삭감", re.I)),
              ("up", re.compile(r"\b(?:rais(?:e|ed|es)|hik(?:e|ed|es)|increas(?:e|ed|es)|ris(?:e|es|en)|rose|climb(?:ed|s)?|"
                                r"jump(?:ed|s)?|grow|grew|grown|surg(?:e|ed)|(?:go|goes|went|gone) up)\b|인상|올렸|올린|올려|높였|높인|높여|늘었|늘어|늘린|"
                                r"증가|상승|확대", re.I)))


def direction(text: str) -> str:
    """"down" or "up" when the text says which way something moved (and only one way), else ""."""
    return _label(text, DIRECTIONS, single=True)


# a question about a movement, not a level: "1년 전보다 얼마나 올랐어?", "작년보다 낮은 거야?"
_MOVED = re.compile(r"올랐|오른|오르|상승|증가|늘었|늘어|늘린|줄었|줄어|감소|하락|떨어|내렸|높아|낮아|낮은|높은|보다|"
                    r"\b(?:rise|rose|risen|fall|fell|fallen|drop|dropped|gain|gained|increase|decrease|decline|jump|higher|lower|"
                    r"than|(?:go|goes|went|gone) (?:up|down))\b", re.I)
_BEFORE = re.compile(r"원래|기존|이전|종전|전에는|지금까지|현재는|\b(?:before|previous(?:ly)?|until now|so far|used to|original(?:ly)?|old)\b", re.I)


_UNIT_EN = {"people": "명", "persons": "명", "patients": "명", "workers": "명", "employees": "명", "students": "명",
            "fans": "명", "spectators": "명", "residents": "명", "visitors": "명", "children": "명", "babies": "명",
            "births": "명", "deaths": "명", "households": "가구", "families": "가구", "homes": "채", "houses": "채",
            "ships": "척", "vessels": "척", "cars": "대", "vehicles": "대", "units": "대", "cases": "건", "incidents": "건",
            "goals": "골", "assists": "도움", "places": "곳", "sites": "곳", "stores": "곳", "branches": "곳",
            "buses": "대", "trucks": "대", "trains": "대", "planes": "대", "aircraft": "대", "machines": "대",
            "drones": "대", "robots": "대", "companies": "개사", "firms": "개사", "times": "회", "members": "명",
            "suspects": "명", "victims": "명", "officers": "명", "officials": "명", "drivers": "명", "farmers": "명",
            "farms": "곳", "schools": "곳", "hospitals": "곳", "apartments": "가구", "units sold": "대"}


def count_unit(text: str) -> str | None:
    """The Korean unit a count question counts in: "몇 명" / "How many people" -> 명, households -> 가구."""
    m = re.search(r"몇\s*(번째|명|가구|채|척|대|건|곳|개|골|세대|마리|편|위)", text)
    if m:
        return m.group(1)
    for m in re.finditer(r"how many (\w+)(?: (\w+))?(?: (\w+))?", text, re.I):
        for w in m.groups():
            if w and w.lower() in _UNIT_EN:
                return _UNIT_EN[w.lower()]
    return None


_BOUNDS = (("까지", re.compile(r"까지|until|by when|how long will", re.I)),
           ("부터", re.compile(r"부터|since when|from when|start(?:ed|s)?\b|begin|began", re.I)))
_GRAINS = (("day", re.compile(r"며칠|몇\s*일(?!간|\s*동안)|무슨\s*요일|\bwhat date\b|\bwhich day\b|\bwhat day\b|\bexact date\b", re.I)),
           ("month", re.compile(r"몇\s*월|\bwhich month\b|\bwhat month\b", re.I)))


def date_bound(text: str) -> str:
    """"까지" for "언제까지?" / "until when", "부터" for "언제부터?" / "since when", else ""."""
    return _label(text, _BOUNDS)


def asks_before(text: str) -> bool:
    """Does the question ask for the figure before a change ("기존 상한은?", "until now")?"""
    return bool(_BEFORE.search(text))


def asks_money(text: str) -> bool:
    return bool(_MONEY.search(text))


def asks_change(text: str) -> bool:
    """Does an amount question ask how much something changed (answered by a percent)?"""
    return bool(_CHANGE.search(text))


_PERCENT_ASKED = re.compile(r"몇\s*(?:%|퍼센트|프로)|\bwhat percent|how many percent|\bpercentage\b", re.I)
# money lost is a sum, not a rate: "How much money did the victims lose?"
_MONEY_LOST = re.compile(r"\b(?:lose|lost|losing|loses)\b.*\b(?:money|cash)\b|\b(?:money|cash)\b.*\b(?:lose|lost|losing)\b"
                         r"|피해액|손실액|잃은 돈|날린 돈", re.I)
# "모두 얼마", "in total" ask for a sum; "총 계약 금액" merely names the figure
_TOTAL = re.compile(r"(?:모두|총|전부|다|합쳐서?|합치면)\s*(?:얼마|몇)|총액|합계|통틀어|누적|\bin total\b|\ba total\b|altogether|"
                    r"all told|\bcombined\b", re.I)  # not "옵션이 모두 행사되면"
_PER_UNIT = re.compile(r"(?:1|한\s?)?(?:인|명|가구|농가|개|건|대|가정|세대)당|\bper (?!cent\b)[a-z]+|"
                       r"\beach (?:person|victim|household|farm)\b|\bapiece\b", re.I)
_PERIOD = (("last", re.compile(r"작년|지난해|전년|\blast year\b|\ba year (?:earlier|ago|before)\b|\bprevious year\b", re.I)),
           ("this", re.compile(r"올해|금년|\bthis year\b", re.I)),
           ("next", re.compile(r"내년|\bnext year\b", re.I)))


def preference(qtype: str, rate: bool = False, money: bool = False, percent: bool = False) -> tuple[tuple[str, ...], ...]:
    """Mention kinds (``spans.kind_of``) that answer the question, best group first.

    "주가는 얼마야?" (money) wants 18만3천원 before the 4.2% it rose; "얼마나 올랐어?" (rate) the percent;
    "논밭은 얼마나 잠겼어?" a measure (3천214㏊); "몇 명이야?" a count; "임금 몇 % 올려달래?" (percent) only a percent.
    """
    if qtype == "amount":
        if rate:
            return ("percent",), ("amount", "quantity"), ("count",)
        if money:  # a count or a percent is no sum of money: without an amount, the article does not say
            return (("amount",),)
        return ("amount", "quantity", "percent"), ("count",)
    if qtype == "percent":
        return (("percent",),) if percent else (("percent",), ("amount",))
    if qtype == "count":  # "작년보다 늘었어? (출생아 수 몇 명이야?)": by how much the count changed
        return (("percent",), ("count",), ("quantity",)) if rate else (("count",), ("quantity",))
    return ({"date": ("date",)}.get(qtype, ()),)


def period(text: str) -> str:
    """"last", "this" or "next": the year the question's own words ask about ("작년엔?"), else ""."""
    main = re.sub(r"\([^()]*\)\s*$", "", text)  # not the earlier question a follow-up carries as context
    return _label(main, _PERIOD, single=True)


def date_grain(text: str) -> str:
    """"day" when the question asks which day (며칠, what date), "month" for 몇 월 / which month, else ""."""
    return _label(text, _GRAINS)


def _bare_period(text: str) -> bool:
    """Is the text a year and nothing else: "작년엔?", "그럼 올해는?", "And last year?", "What about next year?"."""
    rest = text
    for _, pat in _PERIOD:
        rest = pat.sub(" ", rest)
    rest = re.sub(r"\b(?:and|what|about|how|in|for|the|then|so|many|much|was|were|it|there|is)\b|그럼|그러면|그리고|몇\s*[명개건번회곳대]?|"
                  r"얼마(?:나)?|이었|였|었|는데|인데|이야|야|[은는엔에의도요]|[?？.!\s]", " ", rest, flags=re.I)
    return rest.strip() == "" and rest != text


@dataclass(frozen=True)
class Asked:
    """What a figure, date or count question asks for, read once from its wording."""
    prefer: tuple[tuple[str, ...], ...] = ()  # mention kinds that answer it, best group first (``preference``)
    before: bool = False  # the figure before a change ("기존 상한은?", "until now")
    unit: str | None = None  # what a count counts ("명" for "몇 명", "가구" for households)
    bound: str = ""  # "까지" for "언제까지?" / "until when", "부터" for "언제부터?" / "since when" / "when will it start"
    literal_bound: bool = False  # the question itself says 까지/부터 ("since when"): a date so followed is sought
    total: bool = False  # a sum over everything ("모두 얼마", "in total"): "모두 47억3천만원", not "1인당 3억2천만원"
    per_unit: bool = False  # a figure per person or household ("1인당 얼마")
    period: str = ""  # "last" / "this" / "next" year ("작년엔?" -> the figure after 지난해)
    grain: str = ""  # "day" for 며칠 / what date, "month" for 몇 월 / which month: a bare 지난달 is no answer
    moved: bool = False  # asks by how much something moved ("작년보다 낮아?"): a %p change before a level
    direction: str = ""  # "down" for "How much did the ECB cut rates?": a sentence about a hike is no answer
    many: bool = False  # asks for several places ("In which provinces?", "어느 지역들", "어디어디")


def asked(question: str, qtype: str) -> Asked:
    main = re.sub(r"\([^()]*\)\s*$", "", question) or question
    money = asks_money(question)
    per_unit = bool(_PER_UNIT.search(main))
    # "How much will rates go up per kWh?" asks for the sum per unit (12.5원), not the percent
    rate = asks_change(question) and not (money and _MONEY_LOST.search(question)) and not per_unit
    return Asked(prefer=preference(qtype, rate, money, bool(_PERCENT_ASKED.search(question))),
                 before=asks_before(question), unit=count_unit(question) if qtype == "count" else None,
                 bound=date_bound(question) if qtype == "date" else "",
                 literal_bound=qtype == "date" and bool(re.search(r"부터|까지|since when|until when|by when", main, re.I)),
                 total=bool(_TOTAL.search(main)), per_unit=per_unit,
                 # only a bare follow-up ("작년엔?", "And last year?") is picked by its year; a full question's nouns say more
                 period=period(question) if _bare_period(main) else "",
                 grain=date_grain(main) if qtype == "date" else "", moved=bool(_MOVED.search(main)),
                 direction=direction(main) if qtype in ("amount", "percent", "count") else "",
                 many=qtype == "place" and bool(re.search(r"\b(?:which|what) (?:provinces|cities|regions|countries|districts|towns|"
                                                           r"areas|places)\b|어디어디|지역들|곳들", main, re.I)))


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    lang: str  # "ko" or "en"
    qtype: str
    terms: tuple[str, ...]  # key terms the article should mention


def language(text: str) -> str:
    return "ko" if _HANGUL.search(text) else "en"


def question_type(text: str) -> str:
    # a follow-up carries the earlier question as context in parentheses: "When was it signed? (How much ...?)"
    # is a date question; "작년보다 늘었어? (올해 출생아 수 몇 명이야?)" asks what the earlier one did
    context = re.search(r"\(([^()]*)\)\s*$", text)
    main = text[:context.start()].strip() if context else text
    qtype = _rule_type(main.lower() or text.lower())
    return _rule_type(context.group(1).lower()) if qtype == "other" and context and main else qtype


def _rule_type(low: str) -> str:
    for name, pat in _QTYPE_RULES:
        if re.search(pat, low):
            if name == "person" and not _PERSON_ROLE.search(low):
                return "party"
            return name
    return "other"


def term_list(kiwi, text: str) -> list[tuple[str, bool]]:
    """(term, is_name) for the names and nouns of the question, in order, without duplicates.

    Names are capitalized English words, acronyms and Korean proper nouns (NNP);
    other Korean nouns (NNG) are terms but not names.
    """
    out: list[tuple[int, str, bool]] = []
    run: list[tuple[int, str]] = []  # consecutive capitalized words form one name ("Riverton Motors")

    def flush():
        if run:
            out.append((run[0][0], " ".join(w for _, w in run), True))
            run.clear()

    for m in re.finditer(r"[A-Za-z][A-Za-z0-9&.']*(?:-[a-z0-9]+)*|[^A-Za-z\s]+", text):  # Kwon Hyuk-min
        w = m.group().rstrip(".'").removesuffix("'s")
        if run and w in ("&", "of", "The") and re.match(r"\s+[A-Z]", text[m.end():]):
            run.append((m.start(), w))  # "HD Korea Shipbuilding & Offshore Engineering", "Bank of Korea"
            continue
        if w[:1].isupper() and w.lower() not in _EN_STOP and len(w) > 1:
            run.append((m.start(), w))
            if m.group().endswith((".", "'s")) and not re.fullmatch(r"(?:[A-Z]\.)+", m.group()):
                flush()
        else:
            flush()
    flush()
    if _HANGUL.search(text):
        toks = kiwi.tokenize(text)
        merged: list[list] = []  # adjacent noun + Latin pieces written as one word ("오픈AI") form one name
        for t in toks:
            if merged and t.tag in ("NNP", "NNG", "SL", "SN") and merged[-1][3] in ("NNP", "NNG", "SL", "SN") \
                    and t.start == merged[-1][1] and (t.tag == "SL") != (merged[-1][3] == "SL"):
                merged[-1][1] = t.start + t.len
                merged[-1][2] = "mixed"
            elif merged and t.tag in ("NNG", "NNB") and merged[-1][3] == "SN" and t.start == merged[-1][1] \
                    and t.form in _COUNTED:
                merged[-1][1] = t.start + t.len  # a number stays on its unit: "3분기", not "분기"
                merged[-1][2] = merged[-1][3] = "NNG"
            elif merged and t.tag in ("NNG", "NNP") and merged[-1][3] == "XPN" and t.start == merged[-1][1]:
                merged[-1][1] = t.start + t.len  # a prefix stays on its noun: 대+기업 is 대기업, not 기업
                merged[-1][2] = merged[-1][3] = t.tag
            else:
                merged.append([t.start, t.start + t.len, t.tag, t.tag])
        for start, end, kind, tag in merged:
            form = text[start:end]
            if kind == "mixed" and _HANGUL.search(form):
                out.append((start, form, True))
            elif kind in ("NNP", "NNG") and form not in _KO_STOP and len(form) > 1:
                out.append((start, form, kind == "NNP"))
            elif kind == "SH":  # Chinese characters name something (漢字 names, rare CJK): must be in the article
                out.append((start, form, True))
    # "SK" inside "SK하이닉스": the longer name is the term
    out = [(s, w, n) for s, w, n in out
           if not any(s2 <= s and s + len(w) <= s2 + len(w2) and len(w2) > len(w) for s2, w2, _ in out)]
    seen, uniq = set(), []
    for _, w, is_name in sorted(out, key=lambda x: x[0]):
        if w.lower() not in seen:
            seen.add(w.lower())
            uniq.append((w, is_name))
    return uniq


def key_terms(kiwi, text: str) -> tuple[str, ...]:
    return tuple(w for w, _ in term_list(kiwi, text))


def analyze(kiwi, text: str) -> QuestionInfo:
    return QuestionInfo(text=text, lang=language(text), qtype=question_type(text), terms=key_terms(kiwi, text))


_EN_TARGET_PREP = {"in", "into", "to", "from", "with", "on", "for", "of", "at", "toward", "towards"}


def roles(question: str, names: list[str]) -> tuple[str | None, str | None]:
    """(subject, target) among the question's names, from Korean particles or English prepositions."""
    subject = target = None
    for name in names:
        m = re.search(re.escape(name) + r"(은|는|이|가|에게|에|께)(?![\uac00-\ud7a3])", question)
        if m:
            if m.group(1) in ("은", "는", "이", "가") and subject is None:
                subject = name
            elif m.group(1) in ("에게", "에", "께") and target is None:
                target = name
            continue
        before = question[: question.find(name)].split()
        # English wording (maybe with Korean names in it): three Latin words in a row, not "오픈AI CEO가"
        english = re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}", question) is not None
        if before and before[-1].lower() in _EN_TARGET_PREP and english:
            target = target or name
        elif english and subject is None:
            subject = name
    return subject, target


# Country and region names that questions and articles write in different scripts;
# they locate a fact rather than name its subject, so they are never required in the cited sentence.
PLACES = {
    "us": ["미국"], "u.s": ["미국"], "u.s.": ["미국"], "usa": ["미국"], "america": ["미국"], "united states": ["미국"],
    "미국": ["US", "U.S.", "United States"], "korea": ["한국"], "south korea": ["한국"], "한국": ["Korea"],
    "china": ["중국"], "중국": ["China"], "japan": ["일본"], "일본": ["Japan"], "europe": ["유럽"], "유럽": ["Europe"],
    "eu": ["유럽연합"], "유럽연합": ["EU"], "uk": ["영국"], "britain": ["영국"], "영국": ["UK", "Britain"],
    "germany": ["독일"], "독일": ["Germany"], "france": ["프랑스"], "프랑스": ["France"],
    "korean": ["한국", "원"], "american": ["미국"], "european": ["유럽"],
}
# Countries, regions and cities news writes in both scripts, with their adjectives ("Greek" -> 그리스):
# one per line, the Korean name then its English forms separated by "|".
_MORE_PLACES = """
그리스 greece|greek
러시아 russia|russian
카타르 qatar|qatari
호주 australia|australian
폴란드 poland|polish
이탈리아 italy|italian
스페인 spain|spanish
네덜란드 netherlands|dutch|holland
인도 india|indian
베트남 vietnam|vietnamese
대만 taiwan|taiwanese
캐나다 canada|canadian
멕시코 mexico|mexican
브라질 brazil|brazilian
사우디 saudi
이스라엘 israel|israeli
우크라이나 ukraine|ukrainian
튀르키예 turkey|turkish
싱가포르 singapore|singaporean
인도네시아 indonesia|indonesian
홍콩 hong kong
중국 chinese
일본 japanese
영국 british
독일 german
프랑스 french
북한 north korea
아시아 asia|asian
아프리카 africa|african
중동 middle east|mideast
북미 north america
남미 south america|latin america
유럽 europe
서울 seoul
부산 busan
도쿄 tokyo
베이징 beijing
상하이 shanghai
런던 london
파리 paris
뉴욕 new york
워싱턴 washington
아테네 athens
텍사스 texas
캘리포니아 california
프랑크푸르트 frankfurt
베를린 berlin
모스크바 moscow
두바이 dubai
"""
for _line in _MORE_PLACES.strip().splitlines():
    _ko, _en = _line.split(" ", 1)
    for _w in _en.split("|"):
        PLACES.setdefault(_w, [_ko])
    PLACES.setdefault(_ko, [_en.split("|")[0]])


def content_words(text: str) -> list[tuple[str, str]]:
    """(word, stem) of the English content words that are not names, lower-cased (used as weak terms)."""
    from index.lexical import stem

    out = []
    for m in re.finditer(r"[A-Za-z][A-Za-z\-]+", text):
        w = m.group()
        if w[:1].isupper() or w.lower() in _EN_STOP or len(w) < 4:
            continue
        out.append((w.lower(), stem(w.lower())))
    return list(dict.fromkeys(out))

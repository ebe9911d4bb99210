"""What a figure, date or count question asks for, read once from its wording into a frozen ``Asked``.

"피해액이 모두 얼마야?" asks for a sum, "1인당 얼마?" for a figure per person, "작년엔?" for last year's figure,
"언제부터?" for a date followed by 부터, "며칠?" for a day, "작년보다 낮아?" for a movement in points, "How much
did the ECB cut rates?" for a cut, "In which provinces?" for several places. ``qa.spans`` picks the figure with it;
``qa.answer`` ranks the candidate sentences with it. Pure functions of the question text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .analyze import ASKS_FREQUENCY, ASKS_ORG


# A question about how much something changed: a percent may answer it ("How much did shares rise?")
_CHANGE = re.compile(r"\b(?:rise|rose|risen|increase|grow|grew|grown|jump|climb|fall|fell|fallen|drop|decline|"
                     r"decrease|gain|lose|lost|cut|raise|surge|plunge|slump|more|less|cheaper|faster|higher|lower|better|worse|"
                     r"soar|spike|leap|doubl|tripl|shrank|shrink|(?:go|goes|went|gone|going) (?:up|down))\w*|올랐|오른|오르|상승|증가|늘었|늘어|늘린|"
                     r"줄었|줄어|줄였|줄인|늘렸|올렸|낮췄|절감|감소|하락|떨어|내렸|인상|인하|급등|급락|성장|변동|변화|전년|대비|비율|비중|(?<![\d.])\s*(?:%|퍼센트)|좋아|나빠|높아|높였|낮아|"
                     r"낮춘|싸|비싸|빨라|개선|효율", re.I)


# A question about money: a people count or a percent is no answer to it ("현금 얼마 받아?")
_MONEY = re.compile(r"\b(?:money|cash|cost|spend|spent|pay|paid|fund|funding|budget|invest|price|revenue|profit|sales|"
                    r"salary|wage|subsid|grant|loan|won|dollars?|euros?|fee|fine|worth|valu|expens)\w*|돈|현금|비용|예산|지원금|보조금|금액|가격|값|"
                    r"투자|매출|이익|수익|손실|급여|월급|연봉|상한액|한도|재원|기금|요금|수당|벌금|대출|자금|액수|원이야|달러|주가|계약액|"
                    r"시가총액|몸값|분양가|매매가|전셋값|집값|시세|공시가|단가|판매가|출고가|피해액|"
                    # what someone was paid or paid out: "얼마를 받았어?", "How much did she earn?"
                    r"얼마(?:를|씩|나|쯤)?\s*(?:정도\s*)?(?:받|벌|냈|썼|지급)|시급|일당|임금|월세|보증금|"
                    # the price of a measure or a piece: "1kg에 얼마 해?", "한 병에 얼마야?"
                    r"(?:\d+\s*(?:kg|㎏|g|t|톤|개|병|잔|장|마리|포기|kWh|ℓ|리터)|한\s*(?:개|병|잔|장|마리|포기|상자|봉지))\s*(?:에|당)\s*얼마|\bearn(?:s|ed)?\b|"
                    # the price of one thing and a rate of pay: "How much is a bag of bread?", "the new hourly rate"
                    r"\bhow much (?:is|are|was|were) (?:a|an|one|each)\b|\b(?:hourly|daily|nightly|pay|room) rates?\b|"
                    # a price paid: "얼마에 사기로 했어?", "얼마에 팔렸어?"
                    r"얼마에\s*(?:사|팔|인수|매각|매입|사들|넘기|넘겨|계약|낙찰|거래)", re.I)


def _label(text: str, table, single: bool = False) -> str:
    """The name of the first (name, pattern) of ``table`` found in the text; with ``single``, only when no
    other one is found too; else ""."""
    found = [name for name, pat in table if re.search(pat, text)]
    return found[0] if found and (len(found) == 1 or not single) else ""


# which way a question's figure moved: "How much did the ECB cut rates?" is not answered by a rate hike
DIRECTIONS = (("down", re.compile(r"\b(?:cut|cuts|lower(?:ed|s)?|reduc(?:e|ed|es)|fall|fell|fallen|drop(?:ped|s)?|declin(?:e|ed|es)|"
                                  r"decreas(?:e|ed|es)|slash(?:ed)?|shr[iau]nk|(?:go|goes|went|gone) down)\b|인하|내렸|내린|내려|낮춰|낮춘|낮췄|줄었|줄어|줄인|줄였|절감|"
                                  r"감소|하락|떨어|축소|삭감", re.I)),
              ("up", re.compile(r"\b(?:rais(?:e|ed|es)|hik(?:e|ed|es)|increas(?:e|ed|es)|ris(?:e|es|en)|rose|climb(?:ed|s)?|"
                                r"jump(?:ed|s)?|grow|grew|grown|surg(?:e|ed)|(?:go|goes|went|gone) up)\b|인상|올렸|올린|올려|높였|높인|높여|늘었|늘어|늘린|늘렸|"
                                r"증가|상승|확대", re.I)))


def direction(text: str) -> str:
    """"down" or "up" when the text says which way something moved (and only one way), else ""."""
    return _label(text, DIRECTIONS, single=True)


# a question about a movement, not a level: "1년 전보다 얼마나 올랐어?", "작년보다 낮은 거야?"
_MOVED = re.compile(r"올랐|오른|오르|상승|증가|늘었|늘어|늘린|늘렸|줄었|줄어|줄였|줄인|감소|하락|떨어|내렸|높아|낮아|낮은|높은|보다|"
                    r"\b(?:rise|rose|risen|fall|fell|fallen|drop|dropped|gain|gained|increase|decrease|decline|jump|higher|lower|"
                    r"than|(?:go|goes|went|gone) (?:up|down))\b", re.I)
_BEFORE = re.compile(r"원래|기존|이전|종전|전에는|지금까지|현재는|\b(?:before|previous(?:ly)?|until now|so far|used to|original(?:ly)?|old)\b", re.I)


_UNIT_EN = {"staff": "명", "passengers": "명", "tourists": "명", "participants": "명", "applicants": "명", "users": "명",
            "subscribers": "명", "teachers": "명", "doctors": "명", "nurses": "명", "players": "명", "volunteers": "명",
            "countries": "개국", "accidents": "건", "complaints": "건", "fires": "건",
            "crimes": "건", "reports": "건", "flights": "편", "people": "명", "persons": "명", "patients": "명", "workers": "명", "employees": "명", "students": "명",
            "fans": "명", "spectators": "명", "residents": "명", "visitors": "명", "children": "명", "babies": "명",
            "births": "명", "deaths": "명", "households": "가구", "families": "가구", "homes": "채", "houses": "채",
            "ships": "척", "vessels": "척", "cars": "대", "vehicles": "대", "units": "대", "cases": "건", "incidents": "건",
            "goals": "골", "assists": "도움", "places": "곳", "sites": "곳", "stores": "곳", "branches": "곳",
            "buses": "대", "trucks": "대", "trains": "대", "planes": "대", "aircraft": "대", "machines": "대",
            "drones": "대", "robots": "대", "companies": "개사", "firms": "개사", "times": "회", "members": "명",
            "suspects": "명", "victims": "명", "officers": "명", "officials": "명", "drivers": "명", "farmers": "명",
            "farms": "곳", "schools": "곳", "hospitals": "곳", "apartments": "가구", "units sold": "대",
            "cards": "장", "tickets": "장", "books": "권", "volumes": "권", "artifacts": "점", "artworks": "점", "relics": "점",
            "trees": "그루", "floors": "층", "storeys": "층", "stories": "층", "pcs": "대", "computers": "대",
            "tablets": "대", "laptops": "대", "drones": "대", "robots": "대", "satellites": "기", "turbines": "기",
            "reactors": "기", "seats": "석", "votes": "표"}


_MOST = re.compile(r"가장|제일|최고로|\bmost\b|\b(?:highest|largest|biggest|busiest|top)\b", re.I)
DURATION = "기간"  # the unit of a question about a length of time: any of 년, 개월, 일, 시간, 분 answers it
FREQUENCY = "빈도"  # the unit of "how often": a number of times (회, 번, 차례)
LENGTH = "길이"  # the unit of "How long is the trail?" / "길이는 몇 ㎞야?": a distance (2.8㎞, 120m)
_ASKS_LENGTH = re.compile(r"\bhow long (?:is|was|are|were|will be) (?:the|this|that|its|a|an) (?:[\w-]+ ){0,3}?(?:section|stretch|"
                          r"trail|road|bridge|tunnel|line|route|river|coast|coastline|runway|track|course|pipeline|wall|"
                          r"fence|path|corridor|highway|railway|cable|border)s?\b|\bhow (?:far|wide|deep)\b|"
                          r"\bwhat (?:length|distance)\b|\bresolution\b|해상도|길이(?:는|가)|거리(?:는|가)|몇\s*(?:㎞|km|킬로(?!그램)|미터|m\b)", re.I)
_LENGTH_END = re.compile(r"(?:㎞|km|㎝|cm|㎜|mm|m|미터|킬로미터|센티미터)$", re.I)
WEIGHT = "무게"  # the unit of "무게는?" / "How heavy…?" / "How many tonnes…?": 24㎏, 2천100t
_ASKS_WEIGHT = re.compile(r"무게|중량|몇\s*(?:킬로그램|킬로|㎏|kg|톤|그램)|\bhow heavy\b|\bweigh(?:s|ed)?\b(?!\s+in\b)|\bweight\b|"
                          r"\bhow many (?:kilograms|kilos|kg|tons|tonnes|grams)\b", re.I)
_WEIGHT_END = re.compile(r"(?:㎏|kg|킬로그램|톤|t|g|그램)$", re.I)
AREA = "면적"  # the unit of "면적은?" / "How many hectares…?": 200㏊, 9천800㎡
_ASKS_AREA = re.compile(r"면적|넓이|몇\s*(?:평|헥타르|㏊|제곱미터|㎡)|\bhow many (?:hectares|square (?:meters|metres|feet|kilometers)|"
                        r"acres|pyeong)\b|\b(?:how (?:big|large)|what) (?:is|was|will be) the (?:[\w'-]+ ){0,3}?area\b|"
                        r"\b(?:floor|growing|cultivation|planted) area\b", re.I)
_AREA_END = re.compile(r"(?:㏊|ha|㎡|㎢|평|헥타르|제곱미터|m2|acres?)$", re.I)
MEASURES = (DURATION, LENGTH, WEIGHT, AREA)  # units a figure of its own kind answers, whatever else the sentence counts
_ASKS_FREQUENCY = re.compile(ASKS_FREQUENCY, re.I)
_FREQUENCY_END = re.compile(r"(?:회|번|차례)$")
_ASKS_DURATION = re.compile(r"며칠\s*(?:동안|간|이나|째)|얼마\s*동안|얼마나\s*걸|얼마\s*만에|시간(?:은|는|이|가)\s*(?:얼마|몇)|몇\s*(?:년|개월|시간|분|초)(?!\s*(?:도|에|째))|how long\b(?! ago)|"
                            r"how many (?:years|months|weeks|days|hours|minutes|seconds)(?! ago)", re.I)
_DURATION_END = re.compile(r"(?:년|개월|달|주|일|시간|분|초)(?:\s*\d+\s*개월)?(?:\s*만|간)?$|(?:hours?|days|weeks)$", re.I)


def unit_ok(text: str, unit: str | None) -> bool:
    """Does a figure (its text) count in the question's unit (``count_unit``)?"""
    if unit is None:
        return True
    if unit in (FREQUENCY, "번", "차례", "회"):  # "몇 번에 나눠서?": 5차례, 3회 or 2번
        return bool(_FREQUENCY_END.search(text))
    if unit == LENGTH:
        return bool(_LENGTH_END.search(text))
    if unit in (WEIGHT, AREA):
        return bool((_WEIGHT_END if unit == WEIGHT else _AREA_END).search(text))
    return bool(_DURATION_END.search(text)) if unit == DURATION else text.endswith(unit)


def count_unit(text: str) -> str | None:
    """The Korean unit a count question counts in: "몇 명" / "How many people" -> 명, households -> 가구,
    "얼마나 걸려" / "징역 몇 년" / "how long" -> ``DURATION``."""
    if _ASKS_FREQUENCY.search(text):
        return FREQUENCY
    if _ASKS_LENGTH.search(text):
        return LENGTH
    if _ASKS_WEIGHT.search(text):
        return WEIGHT
    if _ASKS_AREA.search(text):
        return AREA
    if _ASKS_DURATION.search(text):
        return DURATION
    if re.search(r"몇\s*군데", text):  # "몇 군데" counts places: 곳
        return "곳"
    m = re.search(r"몇\s*(번째|번|차례|명|가구|채|척|대|건|곳|개국|개사|개소|개|골|세대|마리|편|위|(?:장|권|종|점|포기|그루|층|기|도|석|표|상자|필지|송이)(?=[이가은는을를의에까짜씩으로도만과와보여였부나]|[^\uac00-\ud7a3]|$))", text)
    if m:
        return m.group(1)
    for m in re.finditer(r"how many (\w+)(?: (\w+))?(?: (\w+))?", text, re.I):
        for w in m.groups():
            if w and w.lower() == "tickets" and re.search(r"\b(?:parking|speeding|traffic)\b", m.group(), re.I):
                return "건"  # a parking ticket is a fine issued (382건), not a ticket sold (장)
            if w and w.lower() in _UNIT_EN:
                return _UNIT_EN[w.lower()]
    return None


_BOUNDS = (("까지", re.compile(r"까지|until|by when|how long will", re.I)),
           ("부터", re.compile(r"부터|시작|개시|since when|from when|start(?:ed|s)?\b|begin|began", re.I)))
_GRAINS = (("day", re.compile(r"며칠|몇\s*일(?!간|\s*동안)|무슨\s*요일|\bwhat date\b|\bwhich day\b|\bwhat day\b|\bexact date\b", re.I)),
           ("month", re.compile(r"몇\s*월|\bwhich month\b|\bwhat month\b", re.I)),
           ("time", re.compile(r"몇\s*시(?![간작])|\bwhat time\b|\bwhich hour\b|\bat what hour\b", re.I)),
           ("year", re.compile(r"\b(?:what|which) year\b|몇\s*년도|몇\s*년에(?!\s*걸)", re.I)))


def date_bound(text: str) -> str:
    """"까지" for "언제까지?" / "until when", "부터" for "언제부터?" / "since when", else ""."""
    return _label(text, _BOUNDS)


def asks_before(text: str) -> bool:
    """Does the question ask for the figure before a change ("기존 상한은?", "until now")?"""
    return bool(_BEFORE.search(text))


# a Korean noun that names a sum of money by its ending: 연구비, 공사비 (not 대비, 준비, 설비, 장비), 금액, 피해액, 보상금
_MONEY_NOUN = re.compile(r"[\uac00-\ud7a3](?<![대준설장])비(?:는|가|를|은|로|만|도|용)?(?![\uac00-\ud7a3])|"
                         r"[\uac00-\ud7a3](?<![혈용])액(?:은|는|이|가|을|를|만|도)?(?![\uac00-\ud7a3])|"
                         r"(?:지원|보조|보상|장학|상|계약|보증|과징|출연|성과|위로|합의|배상|기부|후원|격려|환급|분담)금|"
                         r"(?:수수|보험|관람|이용|사용|입장|수업|임대|통행|과태|구독|가입|등록)료")


def asks_money(text: str) -> bool:
    # "대출 권수는 얼마였어?": a number of things (권수, 건수, 횟수) is asked, not the sum of a loan (대출)
    if re.search(r"[\uac00-\ud7a3](?<!세)수(?:는|가|도|를)?\s*(?:얼마|몇|총)", text):
        return False
    text = re.sub(r"(?<=\w )[A-Z][a-z]+", " ", text)  # a name's words say nothing of money: "Haneul Pay", "Fund Co"
    return bool(_MONEY.search(text) or _MONEY_NOUN.search(text))


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
                       r"\beach (?!(?:year|month|week|day|time|other|of)\b)[a-z]+\b|\bapiece\b", re.I)
PERIODS = (("last", re.compile(r"작년|지난해|전년|(?<!\d)(?:1|한)\s*(?:년|해)\s*전(?:(?=에|의|엔|보다|과|와)|(?![\uac00-\ud7a3]))|"
                              r"\blast year\b|\ba year (?:earlier|ago|before)\b|\bprevious year\b|\bthe year before\b", re.I)),
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
        # (a rate may be counted: "합계출산율은 0.70명")
        return (("percent",),) if percent else (("percent",), ("amount",), ("count",))
    if qtype == "count":  # "작년보다 늘었어? (출생아 수 몇 명이야?)": by how much the count changed
        return (("percent",), ("count",), ("quantity",)) if rate else (("count",), ("quantity",))
    if qtype == "measure":  # "무게는?": 24㎏; "훼손 면적은 얼마나 줄었어?": 18%
        return (("percent",), ("quantity",), ("count",)) if rate else (("quantity",), ("count",))
    return ({"date": ("date",)}.get(qtype, ()),)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def years_in(text: str) -> list[str]:
    """The four-digit years a text names, in order (2024년, in 2031)."""
    return _YEAR.findall(text)


def own_words(question: str) -> str:
    """The question without the earlier question a resolved follow-up carries as context: "작년엔? (올해 …?)" -> "작년엔?"."""
    return re.sub(r"\([^()]*\)\s*$", "", question) or question


def period(text: str) -> str:
    """"last", "this" or "next": the year the question's own words ask about ("작년엔?"), else ""."""
    return _label(own_words(text), PERIODS, single=True)


def date_grain(text: str) -> str:
    """"day" when the question asks which day (며칠, what date), "month" for 몇 월 / which month, else ""."""
    return _label(text, _GRAINS)


NOW = re.compile(r"지금|현재|\bnow\b|\bcurrently\b|\bat present\b|\btoday\b", re.I)  # "지금은?": the figure as it stands


# the year before last: "재작년", "그 전 해", "And the year before that?"; a bare "the year before" / "전년" after a
# question about last year means it too ("그럼 그 전 해에는?" after "작년 … 몇 건이야?")
BEFORE_LAST = re.compile(r"재작년|지지난해|그\s*전\s*해|그\s*전년|(?<!\d)2\s*년\s*전|두\s*해\s*전|\bthe year before (?:that|last)\b|"
                         r"\btwo years (?:ago|earlier|before)\b|\byear before last\b", re.I)
_PRIOR = re.compile(r"전년|\bthe year before\b|\bthe previous year\b|\ba year earlier\b", re.I)


def _asked_period(main: str, question: str) -> str:
    """The period a bare follow-up asks: "before" (the year before last), "last", "this", "next", "now" or ""."""
    if BEFORE_LAST.search(main):
        return "before"
    label = _label(main, PERIODS, single=True) or ("now" if NOW.search(main) else "")
    context = question[len(main):]
    if label == "last" and _PRIOR.search(main) and _label(context, PERIODS) == "last":
        return "before"
    return label


def bare_period(text: str) -> bool:
    """Is the text a year and nothing else: "작년엔?", "그럼 올해는?", "And last year?", "What about next year?"."""
    rest = text
    for _, pat in (("before", BEFORE_LAST), *PERIODS, ("now", NOW)):
        rest = pat.sub(" ", rest)
    rest = re.sub(r"\b(?:and|what|about|how|in|for|the|then|so|many|much|was|were|it|there|is|same|period|during|over)\b|"
                  r"같은\s*기간|동기|그럼|그러면|그리고|몇\s*[명개건번회곳대]?|어땠는데|어땠어|어땠|어때|어떻게\s*돼|"
                  r"얼마(?:나)?|이었|였|었|는데|인데|이야|야|[은는엔에의도요]|[?？.!\s]", " ", rest, flags=re.I)
    return rest.strip() == "" and any(pat.search(text) for _, pat in (("before", BEFORE_LAST), *PERIODS, ("now", NOW)))


# "Which company makes …", "What firm won …": a company's name, not a person's
_ASKS_ORG_EN = re.compile(r"\b(?:which|what) (?:\w+ )?(?:company|companies|firm|insurer|carrier|maker|manufacturer|bank|"
                          r"brand|startup|start-up|operator|supplier|contractor|shipyard|airline|retailer|chain|developer)\b", re.I)


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
    named_period: str = ""  # the period the question's own words name, bare or not ("올해 상반기 몇 %였어?" -> "this")
    year: str = ""  # the one four-digit year the question names ("2022년 진료비는?" -> the figure after 2022년)
    grain: str = ""  # "day" for 며칠 / what date, "month" for 몇 월 / which month: a bare 지난달 is no answer
    moved: bool = False  # asks by how much something moved ("작년보다 낮아?"): a %p change before a level
    direction: str = ""  # "down" for "How much did the ECB cut rates?": a sentence about a hike is no answer
    many: bool = False  # asks for several places ("In which provinces?", "어느 지역들", "어디어디")
    org: bool = False  # asks which organisation ("발주한 선사는 어디야?"): a company's name, not a person's
    reported: bool = False  # asks when something was announced or said ("언제 발표했어?"), not when it happened
    exact: bool = False  # asks for the precise figure ("정확히 얼마야?"): 4천270억원 before the headline's 4천억원
    range: bool = False  # asks from when until when ("언제부터 언제까지?"): "지난달 28일부터 이달 14일까지"
    each: bool = False  # asks a figure per day or per time ("하루에 몇 톤씩?"): "하루 최대 500톤씩", not the 6천톤 in all
    most: bool = False  # asks for the top one ("학업중단율이 가장 높은 지역은?", "the busiest route")
    part: bool = False  # asks for a part of what was just asked ("그중 산림 피해는?"): the figure after "이 가운데"
    given: tuple = ()  # figures the question states itself ("fill even 80% of their places"), digits only: not its answer


_RANGE_KO = re.compile(r"부터.{0,6}까지")  # "언제부터 언제까지?"
_RANGE_EN = re.compile(r"\bfrom when\b.*\b(?:to|until) when\b|\bbetween when\b", re.I)


_TO_LEVEL = re.compile(r"얼마로|\bto (?:how much|what level|what amount)\b|\bto what\b", re.I)
_GIVEN = re.compile(r"(?<![\d.,천만억조])(\d[\d,]*(?:\.\d+)?)(?=\s*(?:%|퍼센트|명|곳|개|원|달러|건|가구|척|대|t|톤|㎏|kg))", re.I)


@lru_cache(maxsize=4096)  # retrieval and the answer read the same question: once
def asked(question: str, qtype: str) -> Asked:
    main = own_words(question)
    money = asks_money(question)
    per_unit = bool(_PER_UNIT.search(main))
    # "How much will rates go up per kWh?" asks for the sum per unit (12.5원), not the percent, but "By how much
    # did costs per pet grow compared with 2022?" asks the change; "80%까지 채우는 데 얼마나 걸려?" asks a time and
    # "몇 개국으로 늘어나?" a count in its own unit
    compared = bool(re.search(r"\bcompared (?:with|to)\b|\bthan\b|보다|대비|에 비해", main, re.I))
    # ("얼마로 줄어드나요?", "To what will the fee rise?" ask the new level, not the change)
    rate = asks_change(question) and not (money and _MONEY_LOST.search(question)) and (not per_unit or compared) \
        and not _TO_LEVEL.search(main) \
        and not (qtype == "count" and (count_unit(question) == DURATION or re.search(r"몇\s*[\uac00-\ud7a3]", main)))
    unit = (count_unit(main) or count_unit(question)) if qtype == "count" else None
    measure = unit in (WEIGHT, AREA, LENGTH)
    return Asked(prefer=preference("measure" if measure else qtype, rate, money, bool(_PERCENT_ASKED.search(question))),
                 before=asks_before(main), unit=unit,
                 bound=("부터" if _RANGE_KO.search(main) else date_bound(question)) if qtype == "date" else "",
                 literal_bound=qtype == "date" and bool(re.search(r"부터|까지|since when|until when|by when", main, re.I)),
                 total=bool(_TOTAL.search(main)), per_unit=per_unit,
                 # only a bare follow-up ("작년엔?", "And last year?") is picked by its year; a full question's nouns say more
                 period=_asked_period(main, question) if bare_period(main) else "",
                 named_period=_label(main, PERIODS, single=True),
                 year=next(iter(years)) if len(years := set(years_in(main))) == 1 else "",
                 grain=date_grain(main) if qtype == "date" else "", moved=bool(_MOVED.search(main)),
                 direction=direction(main) if qtype in ("amount", "percent", "count") else "",
                 org=qtype == "party" and bool(re.search(ASKS_ORG, main) or _ASKS_ORG_EN.search(main)),
                 most=bool(_MOST.search(main)),
                 part=bool(re.match(r"\s*(?:그럼\s*)?(?:그중|그 중|그 가운데|이 중|이 가운데)", main)
                           or re.search(r"\b(?:of (?:which|them|those)|among them)\b", main, re.I)),
                 given=tuple(dict.fromkeys(g.replace(",", "") for g in _GIVEN.findall(main) if not _YEAR.fullmatch(g))),
                 range=qtype == "date" and bool(_RANGE_KO.search(main) or _RANGE_EN.search(main)),
                 each=bool(re.search(r"몇\s*[\uac00-\ud7a3]{1,3}씩|얼마씩|\b(?:a|per|each) (?:day|week|month)\b|"
                                     r"(?:하루|일주일|한\s*달|매일|매주|매달)에?\s*(?:평균\s*)?몇", main, re.I)),
                 reported=bool(re.search(r"발표|밝혔|밝힌|공개|공시|알렸|알린|보도|\b(?:announc|said|say|says|report|disclos|releas|unveil)",
                                         main, re.I)),
                 exact=bool(re.search(r"정확히|정확한|\bexact(?:ly)?\b|\bprecise(?:ly)?\b", main, re.I)),
                 many=qtype == "place" and bool(re.search(r"\b(?:which|what) (?:provinces|cities|regions|countries|districts|towns|"
                                                           r"areas|places)\b|어디어디|지역들|곳들", main, re.I)))

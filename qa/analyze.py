"""Question analysis: language, expected answer type and key terms.

Pure functions over the question text and the analyzer passed in; no model.
Key terms are what the article must mention for an answer to exist: English
capitalized names and Korean nouns (kiwipiepy tags NNP/NNG/SL).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
    # words that open a question capitalized and are no name ("Once the plant runs…", "Until when…", "Out of how
    # big a total area?")
    "once", "until", "till", "roughly", "approximately", "around", "nearly", "almost", "exactly", "overall",
    "out", "up", "off",
    "besides", "apart", "including", "excluding", "compared", "given", "despite", "although", "though",
    "while", "because", "unlike", "like", "among", "across", "against", "along", "within", "without",
    "toward", "towards", "beyond", "following", "prior", "altogether", "initially", "originally",
    "currently", "now", "today", "name", "list", "describe", "summarize", "compare", "show",
    "find", "identify", "say", "let", "let's",
}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# how a Korean article writes a month or weekday an English question names: 3월, 1~9월, 월요일
DATE_FORMS = {**{m: (f"{i}월", f"{i}~", f"{i}∼") for i, m in enumerate(_MONTHS, 1)},
              **{d: (k + "요일",) for d, k in zip(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                                  "sunday"), "월화수목금토일")}}
# words that open the name of a body "of X and Y" (Ministry of Oceans and Fisheries)
_BODY_HEADS = {"ministry", "department", "institute", "bureau", "office", "school", "college", "faculty", "society",
               "association", "federation", "council", "committee", "commission", "agency", "board", "union", "center",
               "centre", "museum", "academy", "secretary", "minister"}
# Korean nouns that frame a question rather than name its subject.
_KO_STOP = {"얼마", "규모", "금액", "언제", "누구", "어디", "무엇", "뭐", "이유", "때", "것", "수", "등", "기사", "내용",
            "말", "정도", "관련", "어느", "몇", "왜", "어떤", "무슨", "날짜", "시점", "당시", "그것", "거", "건"}

# units that make a number part of the term: "3분기 영업이익" asks about the third quarter
_COUNTED = {"분기", "사분기", "반기", "차", "세대", "호", "기", "단계", "위", "호선", "공장", "라인"}
QTYPES = ("amount", "count", "age", "percent", "date", "person", "party", "place", "definition", "reason", "quote", "other")
# "Who is the CEO?" needs a person; "Who is the partner?" may be answered by a company ("party")
# English nouns naming a person by role: "Which Busan city official …?", "Who is the CEO?"
_ROLE_NOUNS_EN = (r"official|doctor|physician|professor|expert|researcher|analyst|economist|judge|prosecutor|lawyer|coach|"
                  r"player|pitcher|striker|goalkeeper|spokes(?:man|woman|person)|officer|minister|executive|teacher|"
                  r"scientist|chairman|ceo|actor|actress|singer|candidate|lawmaker")
_PERSON_ROLE = re.compile(rf"\b(?:{_ROLE_NOUNS_EN}|chief|president|chair(?:woman)?|governor|director|founder|spokes\w*|"
                          r"runs|leads|heads|chairs|manages|in charge|scored|head of|photo\w*|took|said|says|told|called|warned|"
                          r"attorney|mayor|reporter|manager|farmer|engineer|inspector|curator|principal|pilot|athlete)\b"
                          r"|대표|회장|사장|경영자|장관|총재|의원|대변인|교수|위원장|이사|총리|대통령|창업자|연구원|애널리스트|"
                          r"[가-힣]*(?:본부장|국장|청장|처장|실장|팀장|부장|원장|센터장|총장|단장|소장|대장|서장|과장|지사|시장|군수|의장)|"
                          r"차관|감독|코치|선수|기자|판사|검사|변호사|위원|"
                          r"촬영|사진|말했|밝혔|평가했|덧붙|주장|강조|전했")
# "how often": answered by a number of times (매달 한 차례, 하루 12차례, 주 4회), a count
ASKS_FREQUENCY = (r"얼마나\s*자주|몇\s*번씩|(?:하루|일주일|한\s*주|한\s*달|1년|일\s*년)에\s*몇\s*(?:번|회|차례)|how often|how frequently|"
                  r"how many times a (?:day|week|month|year)")
# a Korean "where" about a kind of organisation asks which one: "발주한 선사는 어디야?"
ASKS_ORG = (r"(?:회사|업체|기업|기관|단체|선사|항공사|은행|증권사|제약사|건설사|조선사|카드사|보험사|운용사|협회|구단|출판사|"
            r"제작사|배급사|사무소|법인|노조|정당)(?:은|는|이|가)?\s*(?:어디|어느\s*곳)(?!\s*(?:에|에서|로|으로)(?![\uac00-\ud7a3]*(?:야|요|냐|니)\b))")
_QTYPE_RULES = [
    # "What did Lee say about how long a shot protects?" asks for what was said, whatever it is about
    # (also what someone reported: "…무엇을 뜻한다고 말했나?", "…확인하라고 조언했어?"; not "언제 개통한다고 했어?", a date)
    ("quote", r"뭐라고|무슨 말|what did .*\b(?:say|tell|warn|add)\b|what was said|"
              r"(?:무엇|뭐|뭘|무얼|어떤|어떻게)[^?？]*(?:다고|라고|하라고|자고)\s*(?:말|밝|강조|조언|당부|설명|주장|전망|지적|했|하)|"
              # a stated position: "어떤 입장을 밝혔나?", "How did the mayor respond?", "What is the union's stance on …?"
              r"(?:어떤|무슨)\s*(?:입장|반응|견해|의견)(?:을|를|이|가)?\s*(?:밝혔|내놨|내놓|보였|냈|나왔)|"
              r"\bhow did .+ (?:respond|react)\b|\bwhat (?:is|was) .+(?:position|stance) on\b"),
    # a question that opens with "why" asks for a reason, whatever it counts: "Why did the number of participants
    # jump?", "왜 참가자 수가 급증했어?"
    ("reason", r"^\s*(?:and |so |but |then )?why\b|(?<![\uac00-\ud7a3])왜(?![\uac00-\ud7a3])"),
    # ("가장 나이 많은 졸업생은 누구야?" asks who; "검진 나이 기준 바뀌는 거 언제부터야?" asks when)
    ("age", r"^(?!.*(?:누구|누가|언제)|\s*(?:who|when)\b).*(?:how old|몇\s*살|나이|연령대|\bage\b|\bage group)"),
    # a competition ratio (98.4대 1), not a count of vehicles; a match score (3-1)
    ("percent", r"몇\s*대\s*(?:1|일)(?!\d)|몇\s*대\s*몇|스코어|\b(?:final )?score(?:line)? (?:was|is|of)\b|\bwhat was the score|by what score"),
    # how long something lasted (9시간, 사흘간) or at what minute/hour it happened (후반 41분)
    ("count", r"며칠\s*(?:동안|간|이나|째)|얼마\s*동안|얼마\s*만에|몇\s*(?:시간|일간|주간|개월간|년간)|how long\b(?! ago)|for how many (?:hours|days|weeks|months|years|seconds)|"
              r"(?:징역|금고|실형|구형)\D{0,6}몇\s*년|몇\s*년\s*(?:을|를)?\s*(?:구형|선고|받|동안|간|만에)|얼마나\s*걸|"
              r"몇\s*분\s*(?:만에|걸|이면|안에)|how many (?:years|months|minutes|seconds)(?! ago)"),
    ("date", r"몇\s*분에|몇\s*시에|몇\s*분쯤|what time|which minute|in what minute"),
    # a measure: a weight (24㎏, 2천100t), an area (200㏊), a resolution or length (3m), hours worked (158.6시간)
    ("count", r"무게|중량|면적(?:은|이|는)|넓이|해상도|몇\s*(?:킬로그램|킬로|㎏|kg|톤|그램|평|헥타르|㏊)|how heavy|\bweigh(?:s|ed)?\b(?!\s+in\b)|"
              r"\bhow many (?:kilograms|kilos|tons|tonnes|hectares|square)|\bresolution\b|\b(?:what|how big) is the (?:[\w'-]+ ){0,3}?area\b|"
              r"시간(?:은|는|이|가)\s*(?:얼마|몇)"),
    # how often: a frequency (매달 한 차례, 하루 12차례, 주 4회) is a count
    ("count", ASKS_FREQUENCY),
    # (the name of a thing is no person: "불이 난 아파트 단지 이름이 뭐야?", "상품 이름은?")
    ("person", r"(?:선수|사람|인물|주인공|배우|가수|작가)(?:은|는|가|이)?\s*[?？]?$|"
               r"(?<!단지 )(?<!아파트 )(?<!상품 )(?<!제품 )(?<!회사 )(?<!기업 )(?<!브랜드 )(?<!모델 )(?<!단체 )(?<!학교 )(?<!병원 )"
               r"(?<!가게 )(?<!식당 )(?<!행사 )(?<!축제 )(?<!작전 )(?<!사업 )(?<!법안 )(?<!앱 )(?<!서비스 )(?:이름이 뭐|이름은)|"
               r"\bwhat(?:'s| is| was) (?:his|her|their|the) name"),
    ("count", r"how many|몇\s*(?:명|개|곳|군데|대|건|채|척|가구|골|경기|번|차례|회|(?:장|권|종|포기|그루|층|마리|편|기|도|석|표|상자|필지|송이)(?=[이가은는을를의에까짜씩으로도만과와보여였부야나]|[^\uac00-\ud7a3]|$))|몇\s*번째|인원|직원\s*수|(?:^|\s)수(?:는|가)|[\uac00-\ud7a3](?<!세)수(?:는|가|도)?\s*(?:얼마|몇)|길이(?:는|가)|number of"),
    # a rate of pay or a price per time is a sum of money, no percent: "What is the new hourly rate?"; and so is
    # what a thing costs: "What does a kilogram of flour cost?"
    ("amount", r"\b(?:hourly|daily|weekly|monthly|nightly|pay|room|flat|going) rates?\b|\brates? per (?:hour|day|night|class|session)\b|"
               r"\bwhat (?:does|do|did|will|would) .{0,60}\bcost\b"),
    ("percent", r"what (?:share|portion|proportion|fraction|percentage)|what percent|how many percent|what (?:\w+ )?rate\b|\bwhat (?:is|was|are|were) (?:the |its |their )?(?:[\w'-]+ ){0,4}rates?\b(?= (?:in|at|among|of|for|before|after|last|this|now|on|across|during)\b)|몇\s*(?:%|퍼센트)|비율|인상폭|인하폭|"
                # "보험료율 얼마까지 올라?": a rate asked with 얼마 is still a percent (not 환율, the won price of a
                # dollar, nor 출산율, in births per woman)
                r"[\uac00-\ud7a3](?<!환)(?<!출산)[률율](?:은|는|이|가|을|를|도)?\s*(?:얼마|몇)"),
    ("amount", r"what (?:is|was|are|were) (?:the |its |their )?(?:[\w'-]+ ){0,4}(?:value|amount|size|cost|price|capacity|"
               r"output|revenue|budget|population|area|salary|valuation|turnover|profit|dividend|fee|fine|wage|pay|cap|limit|charge|fare|rent|toll|tuition|"
               r"target|estimate|attendance|tax|tariff|loan|debt|production|sales|exports|imports|investment|spending|"
               r"subsidy|bonus|premium|rainfall)\b(?=\s*(?:$|[?,.]|(?:of|in|for|at|per|on|from|this|last|next|by|after|before|"
               r"with|and|to|under|over|now|so far)\b))|how much|how large|how big|valuation|valued|worth|\bsize\b|얼마|(?<![대소중])규모|금액|몇\s*(?:억|조|달러|원)|액수|가치"),
    # a length of time since: "데뷔한 지 몇 년 됐어?", "몇 년 만에 우승했어?" (a count of years, not a year)
    # and a term: "계약 기간은 몇 년이야?", "몇 년 계약이야?" (a length, not a year)
    ("count", r"(?:[\uac00-\ud7a3]\s*지|지난)\s*몇\s*(?:년|개월|달)|몇\s*(?:년|개월)\s*(?:째|만에|만이|됐|되었|동안|간|계약)|"
              r"기간(?:은|이|는|을)?\s*(?:총\s*)?몇\s*(?:년|개월|달)"),
    # "When …?", not "What was its pressure when it made landfall?" (a "when" after another question word
    # opens a clause)
    ("date", r"^(?:(?!\b(?:what|which|who|whom|whose|how|where|why)\b).)*\bwhen\b|what year|what date|which year|which month|언제|몇\s*년|몇\s*월|며칠|날짜|시점"),
    ("person", r"\bwho\b|\bwhom\b|누가|누구|누군|"
               # "Which Busan city official is quoted …?", "Which doctor did the report interview?"
               rf"\b(?:which (?:[\w'-]+ ){{0,3}}|what )(?:{_ROLE_NOUNS_EN})\b"),
    # "발주한 선사는 어디야?", "가장 많이 태운 항공사는 어디야?": which company, not where
    ("party", ASKS_ORG),
    ("place", r"\bwhere\b|어디|어느\s*곳|장소|곳은\s*[?？]?$|곳이\s*어디|\b(?:which|what) (?:provinces?|cities|city|regions?|"
              r"countries|country|districts?|towns?|venue|stadium)\b|어느\s*(?:지역|도시|나라|시도)"),
    ("reason", r"\bwhy\b|reason|왜|이유|까닭|(?:배경|계기|원인|요인)(?:은|는|이|가|으로)?\s*(?:뭐|무엇|어떻|[?？]?\s*$)"),
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
    # (a bare period, "And what is it now?", asks what the earlier question asked)
    bare = context and re.fullmatch(r"(?:and |so |then )?(?:what(?:'s| is| was| about)|how about)?\s*(?:it|that|the figure)?\s*"
                                    r"(?:now|currently|today|last year|this year|next year|a year (?:earlier|ago|before))\s*[?？]?",
                                    main.lower())
    return _rule_type(context.group(1).lower()) if (qtype == "other" or bare) and context and main else qtype


def _rule_type(low: str) -> str:
    for name, pat in _QTYPE_RULES:
        if re.search(pat, low):
            if name == "person" and not _PERSON_ROLE.search(low):
                return "party"
            return name
    return "other"


@lru_cache(maxsize=256)
def tokens(kiwi, text: str) -> tuple:
    """kiwi's tokens of a question, read once: ``term_list`` and ``verb_forms`` read the same question."""
    return tuple(kiwi.tokenize(text))


_SURNAME_SYLLABLES = set("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용")


def term_list(kiwi, text: str, known=None) -> list[tuple[str, bool]]:
    """(term, is_name) for the names and nouns of the question, in order, without duplicates.

    Names are capitalized English words, acronyms and Korean proper nouns (NNP);
    other Korean nouns (NNG) are terms but not names. ``known(word)``, when given, says whether a word
    is in the article: a word kiwi broke into one-syllable nouns is a term only when it is.
    """
    out: list[tuple[int, str, bool]] = []
    run: list[tuple[int, str]] = []  # consecutive capitalized words form one name ("Riverton Motors")

    def flush():
        if run:
            out.append((run[0][0], " ".join(w for _, w in run), True))
            run.clear()

    for m in re.finditer(r"[A-Za-z][A-Za-z0-9&.']*(?:-[a-z0-9]+)*|[^A-Za-z\s]+", text):  # Kwon Hyuk-min
        w = m.group().rstrip(".'").removesuffix("'s")
        person = any("-" in x for _, x in run)  # "Yoon Jae-seok of Korea Airports Corporation" is two names
        joins = ("&", "The") if person else ("&", "of", "The", "and") if run and run[0][1].lower() in _BODY_HEADS \
            and any(x == "of" for _, x in run) else ("&", "of", "The")
        if run and w in joins and re.match(r"\s+[A-Z]", text[m.end():]):
            # "HD Korea Shipbuilding & Offshore Engineering", "Bank of Korea", "Ministry of Food and Drug Safety"
            run.append((m.start(), w))
            continue
        if w[:1].isupper() and w.lower() not in _EN_STOP and len(w) > 1:
            run.append((m.start(), w))
            if m.group().endswith((".", "'s")) and not re.fullmatch(r"(?:[A-Z]\.)+", m.group()):
                flush()
        else:
            flush()
    flush()
    if _HANGUL.search(text):
        toks = tokens(kiwi, text)
        merged: list[list] = []  # adjacent noun + Latin pieces written as one word ("오픈AI") form one name
        for t in toks:
            if merged and t.tag in ("NNP", "NNG", "SL", "SN") and merged[-1][3] in ("NNP", "NNG", "SL", "SN") \
                    and t.start == merged[-1][1] and (t.tag == "SL") != (merged[-1][3] == "SL"):
                merged[-1][1] = t.start + t.len
                merged[-1][2] = "mixed"
                merged[-1][4] = False
            elif merged and t.tag in ("NNG", "NNB") and merged[-1][3] == "SN" and t.start == merged[-1][1] \
                    and t.form in _COUNTED:
                merged[-1][1] = t.start + t.len  # a number stays on its unit: "3분기", not "분기"
                merged[-1][2] = merged[-1][3] = "NNG"
                merged[-1][4] = False
            elif merged and t.tag in ("NNG", "NNP") and merged[-1][3] == "XPN" and t.start == merged[-1][1]:
                merged[-1][1] = t.start + t.len  # a prefix stays on its noun: 대+기업 is 대기업, not 기업
                merged[-1][2] = merged[-1][3] = t.tag
                merged[-1][4] = False
            elif merged and t.len == 2 and merged[-1][4] and t.start == merged[-1][1] and t.tag in ("NNG", "NNP") \
                    and text[merged[-1][0]] in _SURNAME_SYLLABLES and known is not None \
                    and known(text[merged[-1][0]:t.start + t.len]):
                # a surname kiwi cut off its given name ("윤서진" -> 윤 + 서진): the person the article names
                merged[-1][1] = t.start + t.len
                merged[-1][2] = merged[-1][3] = "NNP"
                merged[-1][4] = False
            elif merged and t.len == 1 and merged[-1][4] and t.start == merged[-1][1] \
                    and (t.tag in ("NNG", "NNP") or t.tag == "XSN" and merged[-1][1] - merged[-1][0] >= 2):
                # a word kiwi reads as one-syllable nouns when no particle follows ("감척 신청한 어선" -> 감/척/신/청,
                # "윤태경 계약" -> 윤/태/경 with 경 a suffix): the syllables written together are one noun
                merged[-1][1] = t.start + t.len
                merged[-1][2] = merged[-1][3] = "NNP" if merged[-1][3] == "NNP" else "NNG"  # (윤 read as a surname)
                merged[-1][5] = True
            else:
                merged.append([t.start, t.start + t.len, t.tag, t.tag, t.tag in ("NNG", "NNP") and t.len == 1, False])
        for start, end, kind, tag, _, joined in merged:
            form = text[start:end]
            if joined and known is not None and not known(form):
                continue  # (syllables the article does not write together: "'오리엔트 펄'호" for 펄호)
            if kind == "mixed" and _HANGUL.search(form):
                out.append((start, form, True))
            elif kind in ("NNP", "NNG") and form not in _KO_STOP and len(form) > 1:
                out.append((start, form, kind == "NNP"))
            elif kind == "SH":  # Chinese characters name something (漢字 names, rare CJK): must be in the article
                out.append((start, form, True))
    if _HANGUL.search(text) and re.match(r"\s*[A-Za-z]", text) and len(re.findall(r"[A-Za-z]{2,}", text)) >= 3:
        # a Korean name written into an English question ("How old is 이복례?", as a follow-up puts it): whole
        out += [(m.start(), m.group(), True) for m in re.finditer(r"[\uac00-\ud7a3]{2,}", text)]
    # a person the article anonymizes by a letter: "C씨", "B(39)씨" (one capital letter is no name elsewhere)
    out += [(m.start(), m.group(1) + "씨", True) for m in re.finditer(r"(?<![A-Za-z])([A-Z])\s*(?:\(\d{1,3}\))?\s*씨", text)]
    # "SK" inside "SK하이닉스": the longer name is the term
    out = [(s, w, n) for s, w, n in out
           if not any(s2 <= s and s + len(w) <= s2 + len(w2) and len(w2) > len(w) for s2, w2, _ in out)]
    seen, uniq = set(), []
    for _, w, is_name in sorted(out, key=lambda x: x[0]):
        if w.lower() not in seen:
            seen.add(w.lower())
            uniq.append((w, is_name))
    return uniq


def compound_nouns(kiwi, text: str) -> list[tuple[str, str]]:
    """(compound, its first noun) for nouns written together as one word of four syllables or more: "기초연금"
    (기초 + 연금), "전기자전거" (전기 + 자전거). The first noun says which kind of the last one is meant."""
    out, run = [], []
    for t in (*tokens(kiwi, text), None):
        if t is not None and t.tag in ("NNG", "NNP") and run and t.start == run[-1].start + run[-1].len:
            run.append(t)
            continue
        word = text[run[0].start:run[-1].start + run[-1].len] if len(run) >= 2 else ""
        if len(word) >= 4 and re.fullmatch(r"[\uac00-\ud7a3]+", word):
            out.append((word, run[0].form))
        run = [t] if t is not None and t.tag in ("NNG", "NNP") else []
    return out


# the role a Korean who-question asks for: "윤서진 캐디 이름이 뭐야?", "노바스타 주장은 누구예요?"
_ROLE_ASKED = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4}?)\s+(?:이름|성함)(?:은|이|이랑)?\s*(?:뭐|무엇|어떻게)|"
                         r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{2,4}?)(?:은|는|이|가|으로는|로는)?\s*(?:누구|누가)")


def role_asked(question: str) -> str | None:
    """The word before "이름이 뭐야" or "누구" in a Korean who-question (a role when it is a noun of the question)."""
    m = _ROLE_ASKED.search(question)
    return (m.group(1) or m.group(2)) if m else None


def key_terms(kiwi, text: str) -> tuple[str, ...]:
    return tuple(w for w, _ in term_list(kiwi, text))


def analyze(kiwi, text: str) -> QuestionInfo:
    return QuestionInfo(text=text, lang=language(text), qtype=question_type(text), terms=key_terms(kiwi, text))


_EN_TARGET_PREP = {"in", "into", "to", "from", "with", "on", "for", "of", "toward", "towards"}


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
    if subject and any(re.search(rf"{re.escape(a)}\s*(?:,|and|&|와|과|및)\s*(?:the\s+)?{re.escape(b)}", question)
                       for n in names if n != subject for a, b in ((subject, n), (n, subject))):
        subject = None  # "Daejeon and the space agency": two parties share the deed, either may be the grammar's subject
    return subject, target


def owner(question: str, subject: str | None, names: list[str]) -> str | None:
    """The name right before the subject that owns it: 중기부 of "중기부 바우처는", which may be the sentence's
    party instead ("중소벤처기업부는 … 바우처를 지급한다")."""
    if not subject:
        return None
    return next((n for n in names if n != subject and re.search(re.escape(n) + r"\s+" + re.escape(subject), question)), None)


# Country and region names that questions and articles write in different scripts;
# they locate a fact rather than name its subject, so they are never required in the cited sentence.
PLACES = {
    "us": ["미국"], "u.s": ["미국"], "u.s.": ["미국"], "usa": ["미국"], "america": ["미국"], "united states": ["미국"],
    "미국": ["US", "U.S.", "United States"], "korea": ["한국", "국내"], "south korea": ["한국", "국내"], "한국": ["Korea"],
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
북미 north america|north american
남미 south america|latin america|south american|latin american
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


# verbs that say little of an event: 하다, 되다, 있다, 없다, 나오다 ("몇 경기 나왔어?"), 말하다 …
_LIGHT_VERBS = {"하", "되", "있", "없", "이", "아니", "그렇", "어떻", "그러", "이렇", "나오", "들", "보", "주", "받", "알", "말하"}
# endings whose surface forms the article may write a verb in: 꺼져, 꺼졌, 꺼진, 꺼지는, 꺼지고, 꺼지기, 꺼질
_VERB_ENDINGS = (("어", "EC"), ("었", "EP"), ("ᆫ", "ETM"), ("는", "ETM"), ("고", "EC"), ("기", "ETN"), ("ᆯ", "ETM"))


def verb_forms(kiwi, text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(stem, surface forms) of the Korean verbs of a question ("다 꺼진 건 언제고?" -> 꺼지: 꺼져, 꺼졌, 꺼진 …), for
    stems of two syllables or more (a one-syllable stem, 나 of 났어, is in too many words); weak evidence only."""
    out = []
    for t in tokens(kiwi, text) if _HANGUL.search(text) else ():
        if t.tag in ("VV", "VA") and len(t.form) >= 2 and t.form not in _LIGHT_VERBS:
            forms = {kiwi.join([(t.form, t.tag), e]) for e in _VERB_ENDINGS}
            out.append((t.form, tuple(sorted(f for f in forms if len(f) >= 2 and _HANGUL.fullmatch(f[-1])))))
    return list(dict.fromkeys(out))

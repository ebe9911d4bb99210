"""Translated names: find the Hangul word an English institution or place name translates.

Korean news writes an agency, society or sea by translating its words, not by spelling them:
"Korea Airports Corporation" is 한국공항공사 (한국 + 공항 + 공사), "Ministry of Oceans and Fisheries"
해양수산부, "National Institute of Fisheries Science" 국립수산과학원, "East Sea" 동해. A name matches an
article word when the word is cut into pieces, one per English word in any order, each piece the
word's translation (``WORDS``), its romanization (Sanha = 산하) or its sound (Autotech = 오토텍),
with nothing left over and at least one translated piece. Pure functions; no model.
"""
from __future__ import annotations

import re
from functools import lru_cache

# English word -> Korean pieces it translates to in institution and place names. "" marks a word the
# Korean name may leave out ("Seoul Metropolitan Police Agency" = 서울경찰청).
WORDS = {
    "korea": ("한국", "대한", "국가", ""), "korean": ("한국", "대한"), "national": ("국립", "국가", "전국", "국민"),
    "ministry": ("부", "처"), "agency": ("청", "처", "원"), "administration": ("청", "처"), "office": ("청", "실", "처", "사무소"),
    "service": ("원", "청", "서비스"), "services": ("원", "청"), "institute": ("원", "연구원", "연구소"),
    "research": ("연구",), "center": ("센터", "원"), "centre": ("센터", "원"), "medical center": ("의료원", "의료센터"),
    "medical": ("의료", "의학"), "hospital": ("병원",), "university": ("대학교", "대"), "college": ("대학",),
    "association": ("협회",), "federation": ("연합회", "연맹"), "union": ("노조", "노동조합", "조합", "연합"),
    "society": ("학회",), "council": ("위원회", "협의회"), "committee": ("위원회",), "commission": ("위원회",),
    "board": ("위원회", "이사회"), "authority": ("청", "공사"), "corporation": ("공사", "공단"), "corp": ("공사", "공단"),
    "foundation": ("재단",), "fund": ("기금",), "bank": ("은행",), "court": ("법원",), "supreme": ("대",),
    "district": ("지방", "지구"), "prosecutors": ("검찰",), "prosecution": ("검찰",), "police": ("경찰",),
    "fire": ("소방",), "metropolitan": ("특별시", "광역시", "광역", ""), "provincial": ("도",), "city": ("시",),
    "government": ("정부", "청"), "assembly": ("의회", "국회"), "agricultural": ("농업",), "headquarters": ("본부",),
    "food": ("식품",), "drug": ("의약품", "약품"), "drugs": ("의약품", "약품"), "safety": ("안전",), "health": ("보건", "건강"),
    "welfare": ("복지",), "labor": ("노동", "고용"), "labour": ("노동", "고용"), "employment": ("고용",),
    "environment": ("환경",), "environmental": ("환경",), "education": ("교육",), "science": ("과학",),
    "sciences": ("과학",), "technology": ("기술", ""), "ict": ("정보통신",), "information": ("정보",),
    "communications": ("통신",), "trade": ("무역", "통상", "거래"), "industry": ("산업",), "energy": ("에너지",),
    "land": ("국토", "토지"), "infrastructure": ("인프라",), "transport": ("교통",), "transportation": ("교통",),
    "oceans": ("해양",), "ocean": ("해양",), "maritime": ("해양", "해사"), "marine": ("해양",), "fisheries": ("수산",),
    "agriculture": ("농림", "농업"), "rural": ("농촌", "농어촌"), "forest": ("산림",), "forestry": ("산림",),
    "culture": ("문화",), "sports": ("체육",), "tourism": ("관광",), "economy": ("경제",), "economic": ("경제",),
    "finance": ("금융", "재정"), "financial": ("금융",), "supervisory": ("감독",), "strategy": ("전략",),
    "planning": ("기획",), "statistics": ("통계",), "tax": ("국세", "세"), "customs": ("관세",), "defense": ("국방",),
    "unification": ("통일",), "foreign": ("외교",), "justice": ("법무",), "interior": ("행정안전",),
    "gender": ("여성",), "equality": ("가족",), "family": ("가족",), "women": ("여성",), "smes": ("중소벤처", "중소기업"),
    "startups": ("벤처",), "patriots": ("보훈",), "veterans": ("보훈",), "disease": ("질병",), "control": ("관리",),
    "prevention": ("예방", ""), "weather": ("기상",), "meteorological": ("기상",), "airports": ("공항",),
    "airport": ("공항",), "expressway": ("도로", "고속도로"), "highway": ("도로",), "polar": ("극지",),
    "port": ("항만", "항"), "ports": ("항만",), "railroad": ("철도",), "railway": ("철도",),
    "water": ("수자원", "수도", "물"), "resources": ("자원",), "electric": ("전력",), "power": ("전력", "발전"),
    "gas": ("가스",), "housing": ("주택",), "nuclear": ("원자력",), "atomic": ("원자력",), "space": ("우주",),
    "aerospace": ("항공우주",), "geriatrics": ("노인병", "노인의학"), "geriatric": ("노인병", "노인의학"),
    "pediatrics": ("소아과", "소아청소년과"), "pediatric": ("소아", "소아청소년"), "cancer": ("암",), "heart": ("심장",),
    "medicine": ("의학",), "dental": ("치과",), "nursing": ("간호",), "pharmaceutical": ("제약", "약학"),
    "consumer": ("소비자",), "consumers": ("소비자",), "fair": ("공정",), "personal": ("개인",), "protection": ("보호",),
    "exchange": ("거래소",), "sea": ("해", "바다"), "east": ("동",), "west": ("서",), "south": ("남",), "north": ("북",),
    "yellow": ("황",), "river": ("강",), "mountain": ("산",), "island": ("도", "섬"), "bay": ("만",), "lake": ("호",),
    "coast": ("해안",), "coastal": ("연안",), "regional": ("지역", "지방"), "region": ("지역",), "branch": ("지부", "지사"),
    "chamber": ("상공회의소",), "commerce": ("상공",), "small": ("소",), "business": ("기업",), "businesses": ("기업",),
    "emergency": ("응급", "긴급"), "disaster": ("재난",), "children": ("아동", "어린이"), "child": ("아동",),
    "youth": ("청소년",), "elderly": ("노인",), "senior": ("노인",), "workers": ("노동자", "근로자"),
    "teachers": ("교원", "교사"), "doctors": ("의사",), "medical association": ("의사협회",), "metal": ("금속",),
    "automobile": ("자동차",), "broadcasting": ("방송",), "communication": ("통신",), "national assembly": ("국회",),
    "audit": ("감사",), "inspection": ("감사",), "constitutional": ("헌법",), "election": ("선거",),
    "general": ("종합", "일반", ""), "public": ("공공", "공", ""), "state": ("국가", "국영"), "central": ("중앙",),
    "minimum": ("최저",), "wage": ("임금",), "wages": ("임금",), "pension": ("연금",), "insurance": ("보험",),
    "legislation": ("법제",), "judiciary": ("사법",), "organization": ("공사", "기구"), "organisation": ("공사", "기구"),
    "investigation": ("수사",), "cyber": ("사이버",), "crime": ("범죄",), "traffic": ("교통",), "road": ("도로",),
    "human rights": ("인권",), "arts": ("예술",), "art": ("미술", "예술"), "museum": ("박물관", "미술관"),
    "library": ("도서관",), "school": ("학교",), "high school": ("고등학교", "고"), "middle school": ("중학교", "중"),
    "elementary school": ("초등학교", "초"), "station": ("역", "서"), "park": ("공원",), "stadium": ("경기장", "구장"),
    "market": ("시장",), "securities": ("증권",), "construction": ("건설",), "logistics": ("물류",),
    "electronics": ("전자",), "chemical": ("화학",), "heavy industries": ("중공업",), "shipbuilding": ("조선",),
    "foods": ("식품",), "airlines": ("항공",), "motors": ("자동차",), "steel": ("철강", "제철"),
    "heritage": ("유산", "문화유산", "문화재"), "cultural": ("문화", ""), "overseas": ("해외", "국외"),
    "subscribers": ("가입자",), "solidarity": ("연대",), "content": ("콘텐츠",), "contents": ("콘텐츠",),
    "civic": ("시민",), "citizens": ("시민",), "coalition": ("연대", "연합"), "network": ("네트워크", "연대"),
}
_FUNCTION = {"of", "the", "and", "for", "on", "in", "&", "at"}


@lru_cache(maxsize=4096)
def _units(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The name's words (two-word phrases of ``WORDS`` as one), each with its translations (maybe none)."""
    words = [w for w in re.findall(r"[a-z&]+", name.lower().replace("'s", "")) if w not in _FUNCTION]
    out, i = [], 0
    while i < len(words):
        pair = " ".join(words[i:i + 2])
        if i + 1 < len(words) and pair in WORDS:
            out.append((pair, WORDS[pair]))
            i += 2
            continue
        out.append((words[i], WORDS.get(words[i], WORDS.get(words[i].rstrip("s"), ()))))
        i += 1
    return tuple(out)


def _cover(word: str, units, sounds) -> bool:
    """Can ``word`` be cut into one piece per unit (any order; optional units may be skipped), with at
    least one piece translated?"""
    def go(pos: int, left: frozenset, translated: bool) -> bool:
        if pos == len(word):
            return translated and all("" in units[i][1] for i in left)
        for i in left:
            rest = left - {i}
            for ko in units[i][1]:
                if ko and word.startswith(ko, pos) and go(pos + len(ko), rest, True):
                    return True
            for end in range(pos + 1, len(word) + 1):
                if sounds(units[i][0], word[pos:end]) and go(end, rest, translated):
                    return True
        return False
    return go(0, frozenset(range(len(units))), False)


def translated(name: str, hangul_words, sounds) -> list[str]:
    """Article words (``hangul_words``) that translate the English ``name`` of two or more words.

    ``sounds(english_word, hangul)`` says whether a piece spells the English word (romanization or
    loanword sound); it comes from ``index.translit`` so that this module stays a table and a search.
    """
    units = _units(name)
    if len(units) < 2 or not any(ko for _, ko in units):
        return []
    pieces = {ko for _, kos in units for ko in kos if ko}
    return sorted({w for w in hangul_words if len(w) >= 2 and any(p in w for p in pieces) and _cover(w, units, sounds)},
                  key=len)

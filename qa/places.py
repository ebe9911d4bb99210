"""Korean places: the English spellings a reader uses for them, and finding the place that answers "where".

Korean news names places in Hangul only (평택, 충남 공주, 포항스틸야드); an English question says
"Pyeongtaek" or "South Chungcheong". ``qa/data/places_ko.tsv`` lists provinces, cities, counties,
districts and landmarks with their English forms. ``places(text)`` finds place mentions: a listed
name, or a venue named by its last word (…스타디움, …경기장, …조선소, …공항); a run of them
separated by spaces is one answer ("경남 거제시 옥포조선소"). Loaded once on first use; pure functions.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from index.numbers import KO_NUM, QTY_UNITS

PATH = Path(__file__).with_name("data") / "places_ko.tsv"
_VENUE = (r"스타디움|경기장|야드|구장|아레나|체육관|공항|청사|조선소|공장|캠퍼스|대학교|병원|"
          r"광장|해수욕장|터미널|산업단지|국가산단|산단|회관|대피소|보건소|주민센터|복지관|경로당|본사|사옥|홍보관|전시관|"
          r"박물관|기념관|미술관|공원|도서관|연구소|선착장|저수지|초등학교|중학교|고등학교|"
          r"기지|밸리|센터|단지|타운|부두|클러스터|테크노파크|캠프|공연장|문화의집|강당|대강당")
_SHORT_VENUE = r"역|항|돔"  # one syllable: needs a name of two or more before it (서울역, not 지역)
# a place named by its venue word, at the end of a found place ("포항스틸야드" is more specific than "포항")
VENUE_END = re.compile(rf"(?:{_VENUE}|{_SHORT_VENUE})(?:\(|$)")
_ADMIN = r"(?:특별시|광역시|특별자치시|특별자치도|시|군|구|도|읍|면|동)?"


@lru_cache(maxsize=1)
def table() -> tuple[dict[str, tuple[str, ...]], frozenset]:
    """(English form -> Korean names, every Korean name)."""
    en: dict[str, tuple[str, ...]] = {}
    ko: set[str] = set()
    for line in PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names, english = line.split("\t")
        kos = tuple(n.strip() for n in names.split(",") if n.strip())
        ko.update(kos)
        for e in english.split(","):
            if e.strip():
                en[e.strip().lower()] = kos
    return en, frozenset(ko)


def place_names() -> frozenset:
    """Every listed Korean place name."""
    return table()[1]


def korean_forms(name: str) -> tuple[str, ...]:
    """Hangul names of an English place name ("Pohang" -> 포항), or ()."""
    return table()[0].get(name.lower().strip(), ())


# names that are also common words (경기 = match, 예산 = budget, 공주 = princess): a place only with its
# 시/군/도, after another place ("충남 공주") or before one ("경기 이천시")
_AMBIGUOUS = {"경기", "화성", "예산", "양산", "상주", "진주", "부여", "공주", "이천", "오산", "개성", "세종", "대전",
              "구미", "사천", "금강", "동해", "전주", "광양", "영주", "남원", "고양", "하남", "아산", "독도", "송도", "인도",
              "장수", "영광", "진도", "고성", "성주", "강진", "보은", "영동", "음성", "장성", "고령", "영양", "거창", "남해",
              "기장", "달성", "강화", "인제", "청도", "구리", "금산", "신안", "유성", "관악", "수성", "무안", "의성", "보성"}
_JOSA = r"(?:에서는|에서|에는|에도|으로|에|의|은|는|이|가|을|를|로|와|과|도)"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    names = sorted(table()[1] | _hangul_places(), key=len, reverse=True)
    clear = "|".join(re.escape(n) for n in names if n not in _AMBIGUOUS)
    every = "|".join(re.escape(n) for n in names)
    ambiguous = "|".join(re.escape(n) for n in sorted(_AMBIGUOUS, key=len, reverse=True))
    end = rf"(?={_JOSA}?(?![\uac00-\ud7a3]))"
    # a stream: 광주천, 증심사천 (Hangul before it: 3만8천 is a number)
    venue = rf"(?:[\uac00-\ud7a3A-Za-z0-9]+(?:{_VENUE})|[\uac00-\ud7a3A-Za-z0-9]{{2,}}(?:{_SHORT_VENUE})|[\uac00-\ud7a3]{{2,}}천){end}"
    # a township and its village: "군외면 대문리"
    # (and a district and its neighbourhood: "서구 둔산동")
    village = rf"[\uac00-\ud7a3]{{1,4}}(?:읍|면) [\uac00-\ud7a3]{{1,4}}리{end}|[\uac00-\ud7a3]{{1,3}}구 [\uac00-\ud7a3]{{1,5}}동{end}"
    strict = rf"(?:{clear}){_ADMIN}{end}|(?:{ambiguous})(?:특별시|광역시|특별자치시|시|군|도){end}|{venue}|{village}"
    loose = rf"(?:{every}){_ADMIN}{end}|{venue}"
    start = rf"{strict}|(?:{ambiguous})(?=\s+(?:{strict}))"
    return re.compile(rf"(?<![\uac00-\ud7a3])(?:{start})(?:\s+(?:{loose}))*")


_PROVINCES = ("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "전북", "전남",
              "경북", "경남", "제주", "미국", "중국", "일본", "영국", "독일", "프랑스", "폴란드", "베트남")
# after a province or country, the next word is a place of it even when it is not listed ("충북 오창", "경기 남부")
_NEXT = re.compile(rf"\s+([\uac00-\ud7a3]{{2,6}}?)(?:(?:특별시|광역시|시|군|구|읍|면|동)?(?:\([^()]{{1,40}}\))?){_JOSA}?(?![\uac00-\ud7a3])")
# a foreign place glossed in Latin script: 조지아주(Georgia), 브라이언 카운티(Bryan County), 브로츠와프(Wrocław)
_GLOSSED = re.compile(r"(?<![\uac00-\ud7a3])(?:[\uac00-\ud7a3]+ )?[\uac00-\ud7a3]*(?:주|카운티|시|성|현)\([A-Z][^()]{1,40}\)")


def _hangul_places() -> frozenset:
    """Countries and foreign cities written in Hangul (미국, 폴란드, 텍사스), from ``qa.analyze.PLACES``."""
    from .analyze import PLACES

    return frozenset(k for k in PLACES if re.fullmatch(r"[\uac00-\ud7a3]{2,}", k))


@lru_cache(maxsize=1)
def _foreign() -> frozenset:
    return _hangul_places() - _AMBIGUOUS


def places(text: str, exclude: tuple[str, ...] = ()) -> tuple[tuple[int, int], ...]:
    """(start, end) of each place mention (a run of places is one), particles left out, except the
    places named in ``exclude``."""
    return tuple((s, e) for s, e in _places(text)
                 if not any(x and (x == text[s:e].lower() or text[s:e].lower() in x) for x in exclude))


@lru_cache(maxsize=20_000)
def _places(text: str) -> tuple[tuple[int, int], ...]:
    """Every place mention of a text (cached: sentences are read by every question)."""
    found = []
    for m in _pattern().finditer(text):
        s, e = m.start(), m.end()
        last = text[s:e].split()[-1]
        if last in _PROVINCES or last in _foreign():
            nxt = _NEXT.match(text, e)
            if nxt:
                e = nxt.end(1) + len(re.match(r"(?:특별시|광역시|시|군|구|읍|면|동|주)?(?:\([^()]{1,40}\))?", text[nxt.end(1):]).group())
                last = text[s:e].split()[-1]
        if re.search(r"(?:구|군|동|읍|면|시|주)$", last) and len(last) >= 3:
            # a place inside a district or a US state: "서울 강남구 코엑스에서", "미국 텍사스주 댈러스에" (only before
            # 에서/에: "강남구 주민" is not a place)
            # (also before 인근에 / 일대에, and a market or venue before 의: "동작구 노량진수산시장의 한 횟집",
            # "텍사스주 휴스턴 인근에")
            inner = re.match(rf"\s+([\uac00-\ud7a3A-Za-z0-9]{{2,8}}\s[\uac00-\ud7a3]{{1,8}}(?:{_VENUE})|[\uac00-\ud7a3A-Za-z0-9]{{2,8}}?)"
                             r"(?=(?:\s+(?:인근|일대|근처|주변))?(?:에서|에)(?![\uac00-\ud7a3]))", text[e:]) or \
                re.match(rf"\s+([\uac00-\ud7a3]{{1,8}}(?:{_VENUE}|시장))(?=의\s)", text[e:])
        elif last in _foreign():  # "미국 캘리포니아 밴덴버그 우주군기지에서": a named venue abroad
            inner = re.match(rf"\s+((?:[\uac00-\ud7a3]{{2,8}}\s)?[\uac00-\ud7a3]{{1,8}}(?:{_VENUE}))(?=(?:에서|에)(?![\uac00-\ud7a3]))", text[e:])
        else:
            inner = None
        if inner:
            e += inner.end(1)
        before = _BEFORE_VENUE.search(text, 0, s) if VENUE_END.search(text[s:e]) else None
        s = before.start() if before else s  # "국회 의원회관": the institution the venue belongs to
        # a venue of the place: "텍사스 애빌린의 스테어게이트(Stargate) AI 데이터센터"
        of = re.match(rf"의\s+(?:[^\s,.]+\s+){{0,3}}?[^\s,.]*(?:{_VENUE})(?={_JOSA}?(?![\uac00-\ud7a3]))", text[e:])
        e += of.end() if of else 0
        more = _AFTER_PLACE.match(text, e)  # "정선군 임계면", "광명역 예정지 인근", "봉화군 일부 산간마을"
        found.append((s, more.end() if more else e))
    found += [(m.start(), m.end()) for m in _GLOSSED.finditer(text)
              if not any(a <= m.start() < b for a, b in found)]
    merged = []  # places one space apart are one ("대전 유성구 탑립동 대덕테크노밸리")
    for a, b in sorted(found):
        if merged and (a <= merged[-1][1] or text[merged[-1][1]:a] == " "):
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return tuple(merged)


# what a venue belongs to, written before it: an institution ("국회 의원회관"), a hill or island ("남망산 조각공원"), a
# township ("대소면 행정복지센터")
_BEFORE_VENUE = re.compile(r"(?<![\uac00-\ud7a3])(?:국회|정부|청와대|대통령실|시청|구청|도청|군청|법원|[\uac00-\ud7a3]{1,4}(?:산|섬|읍|면|동))\s+$")
# what narrows a place after it: a township or village, a site, its surroundings ("광명역 예정지 인근"), a road,
# a building or a floor
_AFTER_PLACE = re.compile(r"(?:\s+(?:일부\s+)?(?:[\uac00-\ud7a3]{1,5}(?:읍|면|리|동|마을)|예정지|부지|인근|일대|일원|주변|상류|하류|"
                          r"합류 지점|본사|사옥|(?:국도|지방도|고속도로)\s*\d{1,3}호선|[\uac00-\ud7a3]{2,6}\s구간|"
                          # a road and number, a company's building, a floor: "을지로 한결에너지 본사", "둔산동 청사 1층"
                          r"[\uac00-\ud7a3]{1,6}(?<!으)(?:로|길)(?:\s*\d{1,4}(?:-\d{1,3})?)?|"
                          r"[\uac00-\ud7a3A-Za-z]{2,12}\s+(?:본사|사옥|청사|연구소)|청사|\d{1,2}층))+(?=(?:에서는|에서|에는|에도|으로|에|의|은|는|이|가|을|를|로|와|과|도)?(?![\uac00-\ud7a3]))")
_FIGURE_AFTER = re.compile(rf"\s*(?:{KO_NUM}|\d[\d,.]*)\s*(?:{QTY_UNITS}|%)")
_LIST_GAP = re.compile(r"(?:\s*\d[\d,.]*\s*[\uac00-\ud7a3%]{0,2})?\s*(?:,|·|및|와|과|、)\s*")
# a province that is also a word (경기) counts in a list when a figure or a separator follows it: "경기 4명, 충남 3명"
_LISTED = re.compile(rf"(?<![\uac00-\ud7a3])(?:{'|'.join(p for p in _PROVINCES if p in _AMBIGUOUS)})(?=\s*\d|\s*[,·])")


def place_list(text: str, exclude: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """The longest list of two or more places in the text, each maybe with its figure: "경기 4명, 충남 3명"."""
    found = sorted({*places(text, exclude), *((m.start(), m.end()) for m in _LISTED.finditer(text))})
    best, run = None, []
    for p in found:
        if run and _LIST_GAP.fullmatch(text[run[-1][1]:p[0]]):
            run.append(p)
        else:
            run = [p]
        if len(run) > 1 and (best is None or len(run) > len(best)):
            best = list(run)
    if not best:
        return None
    e = best[-1][1]
    fig = _FIGURE_AFTER.match(text, e)
    return best[0][0], fig.end() if fig else e

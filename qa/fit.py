"""How a sentence's figures and dates fit what the question asks (``qa.asked.Asked``).

``kind_of`` tells counted things (2척, 17만4천명) from measures (412.5㎜); ``fits`` scores one figure against
the question's cues (a sum, a figure per person, the year of a follow-up); ``sentence_fit`` ranks candidate
sentences and clauses with it; ``bounded`` and ``grain_ok`` check a date against "언제부터?" and "며칠?".
Pure functions over text; ``qa.spans`` picks the answer span with them.
"""
from __future__ import annotations

import re

from index.numbers import mentions

from .asked import BEFORE_LAST, NOW, PERIODS, Asked, direction, preference

RELATIVE_DATE = re.compile(r"(?:(?:지난|오는) |(?:지난달|이달|내달|다음 달|지난해|작년|올해|내년)\s*(?:\d{1,2}월\s*)?)?(?<![\d.,∼~-])\d{1,2}일(?!간|째|분|치|동안)(?:\s*(?:오전|오후|새벽|아침|저녁|밤))?(?:\s*\d{1,2}시(?:\s*\d{1,2}분)?)?|"
                            r"(?:전반|후반|연장)\s*\d{1,3}분|(?:올해?|내년|지난해|작년|이번|오는|지난)\s*(?:봄|여름|가을|겨울)|"
                            # a deadline counted from now: "2주 안에", "3개월 이내", "연내"
                            r"(?<![\d.,])\d{1,2}\s*(?:일|주|개월|달|년)\s*(?:안에|안으로|이내|내에|내로)|연내|연말까지|"
                            r"(?:(?:내일|오늘|모레|어제)\s*)?(?:오전|오후|새벽|아침|저녁|밤|낮)\s*\d{1,2}시(?:\s*\d{1,2}분)?|지난달|(?:이달|내달|다음 ?달|이번 달)(?: 초| 말| 중순)?|다음 주|내주|지난해|작년|올해|내년|지난주|이번 주|최근|\b(?:last|this|next) (?:month|year|week)\b|yesterday|today", re.I)

_COUNT_UNIT = re.compile(r"(?:명|대|개국|개사|개소|개|곳|건|가구|세대|채|척|편|골|도움|마리|장|권|종|점|포기|그루|층|기|차례|회|위|표|석|개월|시간|일간|주간|년간|년 만|개월 만|일 만|"
                         r"hours?|days|weeks)$", re.I)


def kind_of(m) -> str:
    """A mention's kind, with counted things (2척, 17만4천명) apart from measures (3천214㏊, 412.5㎜)."""
    return "count" if m.kind == "quantity" and _COUNT_UNIT.search(m.text) else m.kind


_TOTAL_BEFORE = re.compile(r"(?:모두|총|전체|합계|합쳐|통틀어|누적|in total|a total of|altogether)\s*(?:[\uac00-\ud7a3]+\s*)?$", re.I)
# a figure per person or household: "1인당 최대 피해액은 3억2천만원", "농가당 연평균 1천200만원"
_PER_BEFORE = re.compile(r"(?:\d|한|[\uac00-\ud7a3)])당\s[^,.]{0,14}$|\bper (?:person|capita|head|household)\b[^,.]{0,14}$|\beach\b[^,.]{0,10}$", re.I)


_MONTHS_EN = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_GRAIN = {"day": re.compile(rf"\d{{1,2}}일|{_MONTHS_EN} \d{{1,2}}\b|\b\d{{1,2}} {_MONTHS_EN}"),
          "month": re.compile(rf"\d{{1,2}}[월일]|달|{_MONTHS_EN}"),
          "time": re.compile(r"\d{1,2}\s*시|\d{1,2}:\d\d|\b[ap]\.?m\b", re.I),  # "몇 시에?": a clock time
          "year": re.compile(r"(?:19|20)\d\d|올해|내년|작년|지난해|금년|\b(?:this|next|last) year\b", re.I)}  # "what year?"


def grain_ok(date_text: str, grain: str) -> bool:
    """Does a date say as much as asked: "며칠?" needs a day (24일), "몇 월?" a month; a bare 지난달 says neither."""
    return not grain or bool(_GRAIN[grain].search(date_text))


def dates_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the full and relative dates of a text."""
    found = [(m.start, m.end, m.text) for m in mentions(text) if m.kind == "date"]
    found += [(r.start(), r.end(), r.group()) for r in RELATIVE_DATE.finditer(text)
              if not any(a <= r.start() < b for a, b, _ in found)]
    return found


def bounded(piece: str, end: int, bound: str) -> bool:
    """Is the date ending at ``end`` followed by ``bound`` (까지/부터), maybe after a word: "28일 첫차부터"?"""
    return bool(re.match(r"(?:\s*[\uac00-\ud7a3]{1,4}){0,2}?\s*" + bound, piece[end:end + 14]))


def _period_of(piece: str, start: int) -> str:
    """The year a figure belongs to, from the nearest period word before it in its clause ("지난해 같은 기간(31회)")."""
    back = re.split(r"[,.;]|\d[\d,.]*\s*(?!(?:년|해)\s*전)[\uac00-\ud7a3%]", piece[max(0, start - 24):start])[-1]  # not "1년 전"
    hits = [(m.end(), name) for name, pat in (*PERIODS, ("now", NOW)) for m in pat.finditer(back)]
    hits += [(m.end() + 1, "before") for m in BEFORE_LAST.finditer(back)]  # 재작년 holds 작년: it wins
    if not hits:
        return ""
    end, name = max(hits)
    # 전년 is the year before the sentence's own: after 지난해 it is the year before last ("지난해 612건으로 전년(538건)보다")
    if name == "last" and re.search(r"전년\s*\(?$", back[:end]) and re.search(r"지난해|작년", piece[:max(0, start - 24)] + back[:end - 2]):
        return "before"
    return name


def fits(piece: str, start: int, asked: Asked) -> int:
    """How well the figure starting at ``start`` fits the question's total / per-unit / year cues (higher is better)."""
    before = piece[max(0, start - 24):start]
    score = 0
    if asked.total:
        score += 2 * bool(_TOTAL_BEFORE.search(before[-10:]))
    if asked.total or asked.per_unit:  # a total is no figure per person, and the other way round
        score -= 2 * (bool(_PER_BEFORE.search(before)) != asked.per_unit)
    if asked.period:
        of = _asked_of(piece, start, asked.period)
        score += 1 if of == asked.period else (-1 if of else 0)
    if asked.year:
        score += _year_of(piece, start) == asked.year
    if asked.each:  # "하루에 몇 번?": a figure given per day ("하루 4차례", "하루 최대 500톤씩")
        score += bool(_EACH_BEFORE.search(before[-10:]) or _EACH_AFTER.match(piece, start))
    return score


_EACH_BEFORE = re.compile(r"(?:하루|매일|일일|매주|주당|매달|매월|월|한 달|1일|1주)\s*(?:평균|최대|최소|약)?\s*$")
# from the figure's start, after its unit: "500톤씩", "12 flights a day"
_EACH_AFTER = re.compile(r"\S*(?:\s+[A-Za-z]+)?\s*(?:씩|(?:a|per|each) (?:day|week|month)\b)", re.I)


def _year_of(piece: str, start: int) -> str:
    """The four-digit year written right before a figure, with no other figure between ("2022년의 48만원"), else ""."""
    back = piece[max(0, start - 24):start]
    years = list(re.finditer(r"(?<!\d)((?:19|20)\d\d)(?!\d)\s*년?", back))
    if not years or re.search(r"[\d,.;]", back[years[-1].end():]):
        return ""
    return years[-1].group(1)


def of_other_period(piece: str, start: int, asked: Asked) -> bool:
    """Is the figure starting at ``start`` written after another period than the one the question names
    ("지난해 상반기 14%에서 올해 상반기 23%로" and "올해 상반기 몇 %였어?": 14% is last year's)?"""
    of = asked.named_period and _period_of(piece, start)
    return bool(of) and of != asked.named_period


def of_asked_period(piece: str, start: int, asked: Asked) -> bool:
    """Is the figure starting at ``start`` the one of the period the question asks about ("작년엔?" and
    "지난해(1만8천명)보다", "2022년에는?" and "2022년의 48만원보다")? Such a figure answers even as a baseline."""
    return bool(asked.period and _asked_of(piece, start, asked.period) == asked.period
                or asked.year and _year_of(piece, start) == asked.year)


def _asked_of(piece: str, start: int, period: str) -> str:
    """``_period_of``, where a question about the year before last takes a figure after 전년 as its own (the year
    before the sentence's own, which is last year's: "지난해 612건으로, 전년(538건)보다")."""
    of = _period_of(piece, start)
    if period == "before" and of == "last" and re.search(r"전년(?:도)?\s*\(?\s*$", piece[max(0, start - 8):start]):
        return "before"
    return of


def sentence_fit(text: str, qtype: str, asked: Asked) -> int:
    """``fits`` of the sentence's best figure of the preferred kind; for "언제부터/언제까지", 1 if a date is
    followed by 부터/까지. Ranks candidate sentences: "모두 47억3천만원" for "피해액이 모두 얼마야?"."""
    if qtype == "date":
        if not asked.literal_bound:
            return 0
        return int(any(bounded(text, e, asked.bound) for _, e, _ in dates_in(text)))
    group = (asked.prefer or preference(qtype))[0]
    scores = [fits(text, m.start, asked) for m in mentions(text) if kind_of(m) in group]
    # "cut by how much?" and the sentence only raises: the wrong movement
    wrong_way = bool(asked.direction) and direction(text) not in ("", asked.direction)
    return max(scores, default=0) - 2 * wrong_way

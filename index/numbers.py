"""Amounts, percentages and dates found in text, normalized so that
``$13 billion``, ``13B``, ``130억 달러`` and ``130억`` meet.

``mentions(text)`` returns every amount/date with its character offsets;
``number_tokens(text)`` turns them into lexical tokens (``amt:1.3e+10``,
``year:2019``, ``ym:2025-12``, ``pct:3.5``) that the BM25 index and the
query share. Pure functions; never raise on any input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_EN_SCALE = {"trillion": 1e12, "tn": 1e12, "t": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9,
             "million": 1e6, "mn": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_NUM = r"\d+(?:[.,]\d+)*"
_END = r"(?![A-Za-z0-9])"  # not \b: a Korean particle right after the unit ("$10 billion을") is a word character
_KO_UNIT = r"(?:조|천억|백억|십억|억|천만|백만|십만|만|천|백)"
# a Korean number: "2조1천억", "1조5천600억", "17만4천", "1천150" (a bare number may close the chain)
KO_NUM = rf"(?:{_NUM}\s*{_KO_UNIT}\s*)+(?:{_NUM}(?![\d.,조억만천백]))?"
_CURRENCY = r"(?:달러|원|유로|엔|위안|파운드)"
_EN_AMOUNT = re.compile(
    rf"(?:US)?[$€£₩]\s?{_NUM}(?:\s*(?:trillion|billion|million|thousand|bn|tn|mn|[bmkt]){_END})?"
    rf"|\b{_NUM}\s*(?:trillion|billion|million|bn|tn|mn|(?-i:[BMKT])){_END}(?:\s*(?:dollars|euros|won|yen|USD|EUR|KRW))?"
    rf"|\b{_NUM}\s*(?:dollars|euros|USD|EUR|KRW)\b",
    re.IGNORECASE,
)
_PCT = re.compile(rf"{_NUM}\s*(?:%p|%|퍼센트포인트|퍼센트|percent\b|per cent\b|percentage points?|basis points?|bps?\b|bp\b|베이시스포인트)", re.IGNORECASE)
# (a Latin unit ends where no Latin letter follows: "9,600km의" has no word break before 의)
QTY_UNITS = (r"테라비트|기가비트|메가비트|[TGM]bps(?![A-Za-z])|"
             r"GWh|MWh|kWh|GW|MW|kW|㎍(?:/㎥)?|μg(?:/㎥|/m3)?|톤|tons?(?![A-Za-z])|tonnes?(?![A-Za-z])|t(?![A-Za-z])|㎡|m2(?![A-Za-z])|"
             r"km(?![A-Za-z])|㎞|kg(?![A-Za-z])|㎏|㎎|mg(?![A-Za-z])|(?-i:g)(?![A-Za-z0-9])|barrels?(?![A-Za-z])|배럴|㎜|mm(?![A-Za-z])|"
             r"(?-i:m)(?![A-Za-z0-9²])|"
             r"㎝|cm(?![A-Za-z])|㏊|ha(?![A-Za-z])|헥타르|명분|명|대(?!\s*1(?!\d))|개월 만|개월|개국|개사|개소|개|곳|건|가구|세대|채|척|편|골|도움|마리|(?:장|권|종|점|포기|그루|층|기|도|보)(?=[이가은는을를의에까짜씩으로도만과와보여부]|[^\uac00-\ud7a3]|$)|℃|°C|"
             r"차례|회\s*[초말](?![\uac00-\ud7a3])|회|위|표|석|평|시간(?:\s*\d{1,2}\s*분)?|분\s*\d{1,2}\s*초|일간|주간|년간|년 만|일 만|"
             r"hours?(?![A-Za-z])|days(?![A-Za-z])|weeks(?![A-Za-z])")
_QTY = re.compile(rf"(?:{KO_NUM}|{_NUM})\s*여?\s*(?:{QTY_UNITS})", re.IGNORECASE)  # "2천300여명": about 2,300
# a bare Korean number is an amount unless a unit follows ("약 120만㎡" is an area)
_KO_AMOUNT = re.compile(rf"(?:(?:약|최대|최소)\s*)?(?:{KO_NUM})(?:\s*여?\s*{_CURRENCY}|(?![\d.,조억만천백])(?!\s*여?\s*(?:{QTY_UNITS}))"
                        rf"(?!\s+\d[\d.,]*\s*[조억만천백]))|{_NUM}\s*여?\s*{_CURRENCY}")  # not "약 2만" of "약 2만 5천 톤"
_RATIO = re.compile(rf"({_NUM})\s*대\s*1(?!\d)")
_SCORE = re.compile(r"(?<![\d.\-])(\d{1,2})\s*(?:-|대)\s*(\d{1,2})(?![\d.\-])(?=\s*(?:로|으로|의|,|(?:승리|완승|역전승|무승부|패배|승|패)))")
# a length of time that QTY_UNITS leaves out (a count of years there would take dates): a prison term (징역 12년을,
# 징역 7년 6개월), "3년 동안", "18분 만에", "29분 안에"; not a year (2024년), a clock time (4시 52분께) or a match
# minute (후반 41분에)
_DURATION = re.compile(r"(?<![\d.,])\d{1,2}\s*년(?:\s*\d{1,2}\s*개월)?(?=\s*(?:을|를|이|가|의|형|간|동안|째|이상|이하|가량|안팎|짜리|까지|으로|에 불과|에 그치|에 걸쳐))"
                       r"|(?<=징역\s)\d{1,2}\s*년(?:\s*\d{1,2}\s*개월)?"
                       r"|(?<![\d.,])(?<!시\s)(?<!시)\d{1,3}\s*(?:분|초)(?=\s*(?:만에|만|간|동안|이내|안팎|가량|정도|내외|걸|[이가]\s*걸|이면|안에|에서|으로))")
# a count in native Korean numerals: "여섯 차례", "세 곳", "두 명" (not "두 배", a ratio)
_NATIVE_VALUE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10,
                 "열한": 11, "열두": 12, "스무": 20}
_NATIVE = re.compile(r"(?<![\uac00-\ud7a3])(열한|열두|스무|다섯|여섯|일곱|여덟|아홉|한|두|세|네|열)\s+"
                     r"(차례|번|명|곳|개국|개사|개|척|대|가지|마리|건|채|편)"
                     r"(?=(?:에서|에게|에|이|가|은|는|을|를|의|도|씩|만|으로|로|과|와)?(?![\uac00-\ud7a3]))")
# a number of months in native numerals: "석 달", "다섯 달 동안" (the same as 3개월, 5개월)
_NATIVE_MONTHS = re.compile(r"(?<![\uac00-\ud7a3])(열한|열두|다섯|여섯|일곱|여덟|아홉|한|두|석|세|넉|네|열)\s*달"
                            r"(?=(?:간|만에|만|째|이|은|을|의|도|에|이면|동안)?(?![\uac00-\ud7a3]))")
_MONTHS_VALUE = {**_NATIVE_VALUE, "석": 3, "넉": 4}
_KO_DATE = re.compile(r"(\d{4})\s*년(?:\s*(\d{1,2})\s*월)?(?:\s*(\d{1,2})\s*일)?|(\d{1,2})\s*월(?:\s*(\d{1,2})\s*일)?")
_EN_DATE = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(\d{4}))?\b"
    r"|\b((?:19|20)\d{2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    kind: str  # "amount", "percent", "quantity" or "date"
    start: int
    end: int
    text: str
    key: str  # normalized token, e.g. amt:1.3e+10, pct:3.5, ym:2025-12


def _num(s: str) -> float | None:
    s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


_SMALL = {"천": 1e3, "백": 1e2, "십": 10}
_BIG = {"조": 1e12, "억": 1e8, "만": 1e4}


def _ko_value(s: str) -> float | None:
    """Value of a Korean number: 1조5천600억 = (1)조 + (5천 + 600)억; 18만3천 = 18만 + 3천."""
    total, small, cur, found = 0.0, 0.0, None, False
    for t in re.findall(rf"{_NUM}|[조억만천백십]", s):
        if t[0].isdigit():
            if cur is not None:
                small += cur
            cur = _num(t)
            found = found or cur is not None
        elif t in _SMALL:
            small += (cur if cur is not None else 1.0) * _SMALL[t]
            cur = None
        else:
            small += cur or 0.0
            total += (small or 1.0) * _BIG[t]
            small, cur = 0.0, None
    return total + small + (cur or 0.0) if found else None


def _en_value(s: str) -> float | None:
    m = re.search(rf"({_NUM})\s*(?:(trillion|billion|million|thousand|bn|tn|mn|[bmkt]){_END})?", s, re.IGNORECASE)
    if not m:
        return None
    n = _num(m.group(1))
    scale = _EN_SCALE.get((m.group(2) or "").lower(), 1.0)
    return None if n is None else n * scale


def amt_key(value: float) -> str:
    return f"amt:{value:.3g}"


@lru_cache(maxsize=50_000)
def mentions(text: str) -> tuple[Mention, ...]:
    """All amount, percent and date mentions, sorted by start; overlaps keep the longest.

    Cached: the same sentences are looked at by every question (retrieval features, spans)."""
    found: list[Mention] = []
    for rx, fn in ((_EN_AMOUNT, _en_value), (_KO_AMOUNT, _ko_value)):
        for m in rx.finditer(text):
            v = fn(m.group())
            if v is not None and v > 0:
                found.append(Mention("amount", m.start(), m.end(), m.group().strip(), amt_key(v)))
    for m in _QTY.finditer(text):
        v = _ko_value(m.group()) if re.search(r"[조억만천백]", m.group()) else _num(re.match(_NUM, m.group()).group())
        if v is not None:
            unit = re.sub(rf"^(?:{KO_NUM}|{_NUM})\s*여?\s*", "", m.group()).lower()
            found.append(Mention("quantity", m.start(), m.end(), m.group(), f"qty:{v:.3g}{unit}"))
    for m in _NATIVE.finditer(text):
        found.append(Mention("quantity", m.start(), m.end(), m.group(), f"qty:{_NATIVE_VALUE[m.group(1)]}{m.group(2)}"))
    for m in _NATIVE_MONTHS.finditer(text):
        found.append(Mention("quantity", m.start(), m.end(), m.group(), f"qty:{_MONTHS_VALUE[m.group(1)]}개월"))
    for m in _DURATION.finditer(text):
        n, unit = re.match(r"(\d+)\s*(.*)", m.group()).groups()
        found.append(Mention("quantity", m.start(), m.end(), m.group(), f"qty:{int(n)}{unit}"))
    for m in _SCORE.finditer(text):  # a match score: 3-1로 제압했다, 16대 8로 앞섰다 (not a 4-4-2 formation)
        found.append(Mention("percent", m.start(), m.end(), m.group(), f"score:{m.group(1)}-{m.group(2)}"))
    for m in _RATIO.finditer(text):  # a competition ratio: 98.4대 1
        v = _num(m.group(1))
        if v is not None:
            found.append(Mention("percent", m.start(), m.end(), m.group(), f"ratio:{v:g}"))
    for m in _PCT.finditer(text):
        v = _num(re.match(_NUM, m.group()).group())
        if v is not None:
            found.append(Mention("percent", m.start(), m.end(), m.group(), f"pct:{v:g}"))
    for m in _KO_DATE.finditer(text):
        y, mo, d, mo2, d2 = m.groups()
        key = f"year:{y}" if y and not mo else f"ym:{y}-{int(mo):02d}" if y else f"month:{int(mo2)}"
        found.append(Mention("date", m.start(), m.end(), m.group(), key))
    for m in _EN_DATE.finditer(text):
        mon, day, year, bare_year = m.groups()
        if bare_year:
            key = f"year:{bare_year}"
        elif mon.lower() == "may" and not day and not year:
            continue  # the verb "may"
        else:
            key = f"ym:{year}-{_MONTHS[mon.lower().rstrip('.')]:02d}" if year else f"month:{_MONTHS[mon.lower().rstrip('.')]}"
        found.append(Mention("date", m.start(), m.end(), m.group(), key))
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Mention] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return tuple(out)


_BARE = re.compile(r"(?<![\d.,:/-])\d+(?:\.\d+)?(?![\d.,%:/])")


def number_tokens(text: str) -> list[str]:
    """Normalized tokens of every mention; dates also yield their year and month; a count or measure and a bare
    number also yield their value, so "15 sections" meets "15곳" and "2.8 km" meets "2.8㎞"."""
    toks = []
    found = mentions(text)
    for m in found:
        toks.append(m.key)
        if m.key.startswith("ym:"):
            y, mo = m.key[3:].split("-")
            if y != "None":
                toks.append(f"year:{y}")
            toks.append(f"month:{int(mo)}")
        value = re.match(r"qty:(\d+(?:\.\d+)?(?:e[+-]\d+)?)", m.key)
        if value:
            toks.append(f"n:{float(value.group(1)):g}")
    for b in _BARE.finditer(text):
        if not any(m.start <= b.start() < m.end for m in found):
            toks.append(f"n:{float(b.group()):g}")
    return toks

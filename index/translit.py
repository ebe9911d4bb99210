"""Transliteration bridge: match an English name to its Hangul spelling.

Korean news often writes foreign names in Hangul only (텍사스, 엔비디아,
오픈AI) with no ``한글(English)`` gloss. Both spellings reduce to the same
consonant skeleton once vowels are dropped and similar consonants merged
(k/g/c/q, t/d, p/b/f/v, s/z/j/ch, l/r), vowel groups kept as one marker V,
the epenthetic Korean ㅡ dropped, and leading/trailing vowels ignored:
Texas -> TVKSVS, 텍사스 -> TVKSVS; Samsung -> SVMSVN, 삼성 -> SVMSVN.
Skeletons of six or more symbols may differ by one symbol (Stargate /
스테어게이트). Short skeletons (< 4 symbols) never match.
Pure functions; no model.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexical import particle_variants
from .orgnames import translated

_CHO = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_JONG = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
         "ng", "t", "t", "k", "t", "p", "t"]
_CLASSES = [("ng", "N"), ("ch", "S"), ("sh", "S"), ("ts", "S"), ("th", "T"), ("ph", "P"), ("ck", "K"), ("x", "KS"),
            ("qu", "K")]
_SINGLE = {**dict.fromkeys("kgcq", "K"), **dict.fromkeys("td", "T"), **dict.fromkeys("pbfv", "P"),
           **dict.fromkeys("szj", "S"), **dict.fromkeys("lr", "L"), "m": "M", "n": "N"}


_EU = 18  # the jungseong index of ㅡ, inserted by Korean to break consonant clusters
# Revised Romanization, for Korean names written in Latin script ("Daewon" = 대원, "Kim Min-su" = 김민수)
_RR_CHO = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_RR_JUNG = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu",
            "eu", "ui", "i"]
_RR_JONG = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
            "ng", "t", "t", "k", "t", "p", "t"]
# spellings that differ between romanizations (Revised, McCune-Reischauer, company usage) and by sound
_RR_CANON = [("eo", "o"), ("eu", "u"), ("oo", "u"), ("ee", "i"), ("ae", "e"), ("wo", "o"), ("ch", "j"), ("sh", "s"),
             ("k", "g"), ("p", "b"), ("t", "d"), ("l", "r"), ("y", "i")]


# Sound changes Revised Romanization writes between syllables (final as romanized, next initial) -> (final,
# initial): 대관령 = Daegwallyeong, 설날 = Seollal, 국민 = Gungmin, 종로 = Jongno, 독립 = Dongnip.
_ASSIMILATE = {("n", "r"): ("l", "l"), ("l", "n"): ("l", "l"), ("l", "r"): ("l", "l"),
               ("k", "n"): ("ng", "n"), ("k", "m"): ("ng", "m"), ("p", "n"): ("m", "n"), ("p", "m"): ("m", "m"),
               ("t", "n"): ("n", "n"), ("t", "m"): ("n", "m"), ("m", "r"): ("m", "n"), ("ng", "r"): ("ng", "n"),
               ("k", "r"): ("ng", "n"), ("p", "r"): ("m", "n")}


def rr(hangul: str, assimilate: bool = False) -> str:
    """The Revised Romanization of a Hangul word, syllable by syllable; with ``assimilate``, with the
    consonant changes between syllables that the official spelling of names writes (``_ASSIMILATE``)."""
    parts = []
    for ch in hangul:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            parts.append([_RR_CHO[code // 588], _RR_JUNG[(code % 588) // 28], _RR_JONG[code % 28]])
    if assimilate:
        for a, b in zip(parts, parts[1:]):
            a[2], b[0] = _ASSIMILATE.get((a[2], b[0]), (a[2], b[0]))
    return "".join("".join(p) for p in parts)


def rr_key(latin: str) -> str:
    """A romanized spelling reduced so that variants meet: Daewon / Taewon, Hangyeol / Hangyol, Lee / Ri."""
    s = re.sub(r"[^a-z]", "", latin.lower())
    for a, b in _RR_CANON:
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def romanize(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            vowel = "" if (code % 588) // 28 == _EU else "a"
            out.append(_CHO[code // 588] + vowel + _JONG[code % 28])
        else:
            out.append(ch.lower())
    return "".join(out)


def skeleton(word: str, soft_g: bool = False) -> str:
    """``soft_g``: an English g before e/i/y read as in Angeles (앤젤레스), not as in Gimpo (김포)."""
    s = romanize(word)
    if word.isascii():  # English spellings of a k sound: Chronicle = 크로니클, Autotech = 오토텍; a final -er is 어
        s = re.sub(r"ch(?=[rl])|(?<=te)ch\b", "k", s)
        s = re.sub(r"c(?=[eiy])", "s", s)  # and of an s sound: Oceania = 오세아니아, Mercedes = 메르세데스
        if soft_g:
            s = re.sub(r"g(?=[eiy])", "j", s)
        s = re.sub(r"(?<=[^aeiou][eo])r\b", "", s)  # Monster = 몬스터, Doctor = 닥터
    for a, b in _CLASSES:
        s = s.replace(a, b)
    out = []
    for ch in s:
        c = ch if ch.isupper() else "V" if ch in "aeiouyw" else _SINGLE.get(ch, "")
        for x in c:
            if not out or out[-1] != x:
                out.append(x)
    return "".join(out).strip("V")


def _close(a: str, b: str, short_ok: bool = False) -> bool:
    """Equal (4+ symbols), or (for skeletons of 6+, or 5+ with ``short_ok``) one dropped r/l apart.

    ``short_ok``: a Hangul name looked up among an English article's capitalized words, where Korean
    drops an r before a consonant (마틴 = Martin).
    """
    if a == b:
        return len(a) >= 4
    if min(len(a), len(b)) < (5 if short_ok else 6) or abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    # only a dropped r/l (Korean drops the r of "star") may differ
    return any(long_[i] == "L" and long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _rr_keys(hangul: str) -> set[str]:
    """``rr_key`` of a Hangul word romanized syllable by syllable and with its sound changes."""
    return {rr_key(rr(hangul)), rr_key(rr(hangul, assimilate=True))}


def lexicon(text: str) -> dict[str, set[str]]:
    """skeleton -> article words (particles stripped) that contain Hangul."""
    lex: dict[str, set[str]] = {}
    for w in set(re.findall(r"[\uac00-\ud7a3A-Za-z]+", text)):
        if not re.search(r"[\uac00-\ud7a3]", w):
            if len(w) >= 3 and w[0].isupper():  # Latin names, for Korean questions over English text
                lex.setdefault(f"{skeleton(w)}|~latin", set()).add(w)
            continue
        variants = particle_variants(w)
        if len(w) == 3 and w not in variants:  # 양지은, 김하은: a given name may end like a particle
            variants.append(w)
        # a name with its honorific attached: "이정민씨는" is 이정민
        variants += [v[:-1] for v in variants if v.endswith("씨") and len(v) >= 3 and v[:-1] not in variants]
        for v in variants:
            latin = "".join(re.findall(r"[A-Za-z]+", v))
            sk = skeleton(re.sub(r"[A-Za-z]+", "", v))
            lex.setdefault(f"{sk}|{latin.lower()}", set()).add(v)
            head = re.fullmatch(r"([\uac00-\ud7a3]{2,})[A-Z0-9]{1,2}", v)
            if head:  # "시리즈B", "갤럭시S": the Hangul word spells the English one (Series of "Series B")
                lex.setdefault(f"{sk}|", set()).add(head.group(1))
            if re.fullmatch(r"[\uac00-\ud7a3]{2,8}", v):
                for key in _rr_keys(v):
                    lex.setdefault(f"{key}|~rr", set()).add(v)
                for end in _ENDS:  # 대원자동차: also findable by the name before its company word (Daewon)
                    if v.endswith(end) and len(v) > len(end):
                        for key in _rr_keys(v[:-len(end)]):
                            lex.setdefault(f"{key}|~rrhead", set()).add(v)
                if len(v) >= 3 and v[-1] in "구시군동읍면도항역리":  # 노원구 is findable as Nowon, 어란항 as Eoran
                    for key in _rr_keys(v[:-1]):
                        lex.setdefault(f"{key}|~rrhead", set()).update((v, v[:-1]))  # (어란 of 어란항 and 어란리)
    return lex


# The last English word(s) of a Korean company or place name, and the Hangul word the name ends with:
# "Hangyeol Semiconductor" = 한결 + 반도체, "Gyeongbu Line" = 경부 + 선.
SUFFIXES = {
    "semiconductor": ("반도체",), "electronics": ("전자",), "motor": ("자동차", "모터스"), "motors": ("자동차", "모터스"),
    "heavy industries": ("중공업",), "chemical": ("화학", "케미칼"), "steel": ("제철", "철강", "스틸"), "bank": ("은행", "뱅크"),
    "securities": ("증권",), "insurance": ("보험", "화재", "생명"), "life": ("생명",), "airlines": ("항공",), "air": ("항공",),
    "shipbuilding": ("조선",), "construction": ("건설",), "engineering": ("엔지니어링",), "energy": ("에너지",),
    "group": ("그룹",), "holdings": ("홀딩스", "지주"), "pharmaceutical": ("제약",), "pharmaceuticals": ("제약",),
    "pharma": ("제약",), "bio": ("바이오",), "biologics": ("바이오로직스",), "telecom": ("텔레콤",), "display": ("디스플레이",),
    "solutions": ("솔루션",), "solution": ("솔루션",), "materials": ("소재", "머티리얼즈"), "logistics": ("물류", "로지스틱스"),
    "foods": ("식품", "푸드"), "food": ("식품", "푸드"), "card": ("카드",), "financial group": ("금융지주", "금융그룹"),
    "financial": ("금융",), "mobility": ("모빌리티",), "entertainment": ("엔터테인먼트",), "games": ("게임즈",),
    "ocean": ("오션",), "marine": ("해양",), "line": ("선",), "expressway": ("고속도로",), "station": ("역", "기지"),
    "university": ("대학교", "대",), "hospital": ("병원",), "airport": ("공항",), "port": ("항",), "stadium": ("경기장",),
    "city": ("시",), "county": ("군",), "district": ("구",), "province": ("도",), "river": ("강",), "mountain": ("산",),
    "island": ("도",), "corporation": ("공사",), "corp": ("공사",), "agency": ("청",), "ministry": ("부",),
    "precision": ("정밀",), "industrial": ("산업",), "industries": ("산업",), "industry": ("산업",), "machinery": ("기계",),
    "tech": ("테크",), "technology": ("테크놀로지", "기술"), "technologies": ("테크놀로지스", "기술"), "systems": ("시스템",),
    "networks": ("네트웍스",), "medical": ("메디컬", "메디칼"), "healthcare": ("헬스케어",), "development": ("개발",),
    "trading": ("상사",), "e&c": ("건설",), "power": ("파워", "전력"), "electric": ("전기",), "cosmetics": ("화장품",),
    "robotics": ("로보틱스",), "aerospace": ("에어로스페이스", "항공우주"), "defense": ("디펜스", "방산"),
    "chemicals": ("케미칼", "화학"), "global": ("글로벌",), "korea": ("코리아",), "motor company": ("자동차",),
    "ceramics": ("세라믹스", "세라믹"), "market": ("시장",), "festival": ("축제",), "center": ("센터",),
    "centre": ("센터",), "tower": ("타워",), "bridge": ("대교",), "tunnel": ("터널",), "beach": ("해수욕장", "해변"),
    "square": ("광장",), "reservoir": ("저수지",), "museum": ("박물관",), "library": ("도서관",), "park": ("공원",),
    "elementary": ("초등학교", "초"), "elementary school": ("초등학교", "초"), "middle school": ("중학교", "중"),
    "high school": ("고등학교", "고"), "medical center": ("의료원", "병원"), "clinic": ("의원", "병원"), "stream": ("천",),
}
_ENDS = sorted({k for kos in SUFFIXES.values() for k in kos if len(k) >= 2}, key=len, reverse=True)
SURNAMES = {
    "kim": "김", "lee": "이", "yi": "이", "rhee": "이", "park": "박", "pak": "박", "choi": "최", "choe": "최", "jung": "정",
    "jeong": "정", "chung": "정", "kang": "강", "cho": "조", "jo": "조", "yoon": "윤", "yun": "윤", "jang": "장",
    "chang": "장", "lim": "임", "im": "임", "han": "한", "oh": "오", "seo": "서", "suh": "서", "shin": "신", "kwon": "권",
    "hwang": "황", "ahn": "안", "an": "안", "song": "송", "ryu": "류", "yoo": "유", "yu": "유", "jeon": "전", "jun": "전",
    "hong": "홍", "ko": "고", "go": "고", "moon": "문", "mun": "문", "yang": "양", "son": "손", "sohn": "손", "bae": "배",
    "baek": "백", "paik": "백", "heo": "허", "huh": "허", "nam": "남", "noh": "노", "roh": "노", "ha": "하", "kwak": "곽",
    "sung": "성", "seong": "성", "cha": "차", "joo": "주", "ju": "주", "woo": "우", "koo": "구", "gu": "구", "min": "민",
    "jin": "진", "na": "나", "um": "엄", "eom": "엄", "chae": "채", "won": "원", "cheon": "천", "bang": "방", "gong": "공",
    "hyun": "현", "ham": "함", "byun": "변", "yeom": "염", "seok": "석", "suk": "석", "sul": "설", "seol": "설",
    "tak": "탁", "ma": "마", "gil": "길", "kil": "길", "yeo": "여", "do": "도", "so": "소", "ok": "옥", "pyo": "표",
    "ji": "지", "myung": "명", "myeong": "명", "gi": "기", "ki": "기", "bong": "봉", "ban": "반", "wang": "왕",
    "kook": "국", "guk": "국", "yook": "육", "yuk": "육", "chun": "천", "jeong": "정",
}


def compound(name: str, lex: dict[str, set[str]]) -> list[str]:
    """Hangul words for an English name ending in a listed suffix word: the rest must transliterate
    the Hangul word's beginning ("Hangyeol Semiconductor" -> 한결반도체)."""
    words = name.lower().split()
    found = []
    for k in (2, 1):
        if len(words) <= k or " ".join(words[-k:]) not in SUFFIXES:
            continue
        head = skeleton("".join(words[:-k]).replace("-", "")).replace("V", "")
        head_rr = rr_key("".join(words[:-k]))
        if len(head) < 2:
            continue
        for key, hangul in lex.items():
            if "|~" in key:
                continue
            for w in hangul:
                for ko in SUFFIXES[" ".join(words[-k:])]:
                    if w.endswith(ko) and len(w) > len(ko) and (skeleton(w[:-len(ko)]).replace("V", "") == head
                                                                 or rr_key(rr(w[:-len(ko)])) == head_rr):
                        found.append(w)
        if found:
            break
    return sorted(set(found), key=len)


_ONSET = {**dict.fromkeys(("g", "k", "kk", "c", "q"), "K"), **dict.fromkeys(("d", "t", "tt"), "T"),
          **dict.fromkeys(("b", "p", "pp", "f", "v"), "P"), **dict.fromkeys(("j", "ch", "jj", "z"), "J"),
          **dict.fromkeys(("s", "ss", "sh"), "S"), "h": "H", "m": "M", "n": "N", "r": "L", "l": "L", "": ""}
_CODA = {"n": "N", "ng": "NG", "m": "M", "l": "L", "r": "L", **dict.fromkeys(("k", "g", "c", "kk", "ck"), "K"),
         **dict.fromkeys(("p", "b"), "P"), **dict.fromkeys(("t", "d", "s", "ss", "ch", "j"), "T"), "": ""}


def _syllable_key(rom: str) -> tuple[str, str] | None:
    """(onset, coda) classes of one romanized syllable ("seung" -> S, NG; "yoon" -> "", N); vowels may vary."""
    m = re.fullmatch(r"([bcdfghjklmnpqrstvz]*)([aeiouwy]+)([bcdgklmnprst]*)", rom.lower())
    if not m or m.group(1) not in _ONSET or m.group(3) not in _CODA:
        return None
    return _ONSET[m.group(1)], _CODA[m.group(3)]


def _hangul_key(ch: str) -> tuple[str, str]:
    code = ord(ch) - 0xAC00
    return _ONSET.get(_RR_CHO[code // 588], ""), _CODA.get(_RR_JONG[code % 28], "")


def korean_person(name: str, lex: dict[str, set[str]]) -> list[str] | None:
    """Hangul names of the article for a romanized Korean person's name ("Lee Do-yoon", "Oh Seung-min",
    "Do-yoon Lee"): the surname by table, each syllable of the given name by its consonants. None when the
    name does not read as a Korean surname and a syllable-by-syllable given name."""
    words = name.replace("-", " - ").split()
    parsed = None
    for sur_at in (0, len(words) - 1):
        sur = words[sur_at].lower()
        given = [w for i, w in enumerate(words) if i != sur_at and w != "-"]
        if sur not in SURNAMES or not 1 <= len(given) <= 3:
            continue
        keys = [_syllable_key(g) for g in given]
        if any(k is None for k in keys) or (len(given) == 1 and len(given[0]) > 4):
            continue  # "Minsu" written as one word is left to the other rules
        found = {w for key, ws in lex.items() if key.endswith("|~rr") for w in ws
                 if len(w) == 1 + len(keys) and w[0] == SURNAMES[sur] and [_hangul_key(c) for c in w[1:]] == keys}
        if found:
            return sorted(found)
        parsed = []  # it reads as a Korean name, in this order: the article does not have it (unless the other order)
    return parsed


def matches(name: str, lex: dict[str, set[str]]) -> list[str]:
    """Hangul spellings in the article for an English name, or Latin ones for a Hangul name."""
    person = korean_person(name, lex) if re.fullmatch(r"[A-Za-z][A-Za-z\- ]*", name) else None
    if person is not None:
        return person
    if re.fullmatch(r"[\uac00-\ud7a3]+", name):
        sk = skeleton(name)
        return sorted({w for key, words in lex.items() if key.endswith("|~latin")
                       and _close(key.split("|")[0], sk, short_ok=True) for w in words}, key=len)
    if re.fullmatch(r"[A-Za-z][A-Za-z\-]*\d{1,3}", name):  # "Allday24": the article writes 올데이24, read without its digits
        name = name.rstrip("0123456789")
    if not re.fullmatch(r"[A-Za-z][A-Za-z\- ]*", name):
        return []
    found = []
    low = name.lower().replace(" ", "").replace("-", "")
    whole = skeleton(low)
    soft = skeleton(low, soft_g=True)  # Los Angeles = 로스앤젤레스
    found += lex.get(f"{rr_key(low)}|~rr", ()) if len(rr_key(low)) >= 4 else ()  # 대원 = Daewon, 김민수 = Kim Min-su
    for key, words in lex.items():
        sk, latin = key.split("|")
        if latin.startswith("~"):
            continue
        if latin:
            if not low.endswith(latin) or len(low) == len(latin):
                continue
            rest = skeleton(low[: -len(latin)]).replace("V", "")
            ok = rest == sk.replace("V", "") and len(rest) >= 2
        else:
            ok = _close(sk, whole) or _close(sk, soft)
        if ok:
            found.extend(words)
    if not found and " " in name:
        found = compound(name, lex)
    if not found and re.search(r"[a-z][A-Z]", name) and len(whole) >= 3:
        # a brand written as one word of two (DayOne = 데이원): its capitals say it is a name, so a shorter
        # skeleton will do
        found = [w for key, words in lex.items() if not key.split("|")[1] and key.split("|")[0] == whole for w in words
                 if len(w) >= 3]  # (of three syllables or more: not 동네 or 하던)
    if not found and " " not in name and len(rr_key(low)) >= 3:
        # "Daewon" for 대원자동차, "Nowon" for 노원구: the name before a company word or a 구/시/군 the article
        # writes with it
        found = list(lex.get(f"{rr_key(low)}|~rrhead", ()))
    if not found and len(whole.replace("V", "")) >= 4:
        # a loanword brand: Korean drops or adds vowels (Renaissiel / 르네시엘, The Grand Hill / 더그랜드힐), so
        # the consonants alone must agree, four or more of them
        cons = whole.replace("V", "")
        # (an r Korean drops: NovaStar = 노바스타)
        drops = {cons} | {cons[:i] + cons[i + 1:] for i, c in enumerate(cons) if c == "L" and len(cons) >= 5}
        found = [w for key, words in lex.items() if not key.split("|")[1] and key.split("|")[0].replace("V", "") in drops
                 for w in words]
    if not found and " " in name.strip() and len(name.split()) <= 5:
        # "Banpo Renaissiel": every word found on its own (반포, 르네시엘) stands for the name; a run of words may be
        # one Hangul word ("Magok The Grand Hill" = 마곡 + 더그랜드힐)
        found = _chunks(name.split(), lex) or []
        # a word too short to match on its own ("Wall" of "Monster Wall" = 몬스터 월, "Astra" of "Astra Chronicle"):
        # the other words, each found, stand for the name
        longer = [w for w in name.split() if len(skeleton(w).replace("V", "")) > 3]
        if not found and 0 < len(longer) < len(name.split()):
            found = _chunks(longer, lex) or []
    if not found and " " in name.strip():
        # an institution or place whose words Korean translates: Korea Airports Corporation = 한국공항공사
        found = translated(name, _hangul_words(lex), _sounds)
    return sorted(set(found), key=len)


def _hangul_words(lex: dict[str, set[str]]) -> list[str]:
    return [w for key, words in lex.items() if key.endswith("|") for w in words if re.fullmatch(r"[\uac00-\ud7a3]+", w)]


@lru_cache(maxsize=65536)
def _sounds(english: str, hangul: str) -> bool:
    """Does a Hangul piece spell an English word: its romanization (Sanha = 산하) or, for a loanword of four or
    more sounds, its consonants (Autotech = 오토텍)?"""
    key = rr_key(english)
    if len(key) >= 3 and key in _rr_keys(hangul):
        return True
    sk = skeleton(english)
    return len(sk) >= 4 and sk == skeleton(hangul)


def _chunks(words: list[str], lex: dict[str, set[str]]) -> list[str] | None:
    """Hangul words for consecutive runs of ``words``, each run found as one word; None if some run is not."""
    if not words:
        return []
    for i in range(1, len(words) + 1):
        head = "".join(words[:i])
        got = [] if i == 1 and head.lower() in ("the", "of", "and") else matches(head, lex)
        if got or (i == 1 and head.lower() in ("the", "of", "and")):
            rest = _chunks(words[i:], lex)
            if rest is not None and (got or rest):
                return got + rest
    return None

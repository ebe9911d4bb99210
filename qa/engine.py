"""The engine: the heavy objects built once, and ``ask`` over them.

``Engine.open`` loads the index, the model and the Korean analyzer; the app,
the CLI and the HTTP API each hold one engine and call ``ask`` per question.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from index import aliases, store, translit
from index.errors import NewsQAError
from index.embed import Encoder, load_encoder
from index.lexical import lex_tokens, particle_variants
from index.segment import make_kiwi

from . import glossary
from .analyze import (DATE_FORMS, PLACES, compound_nouns, content_words, language, owner, question_type, role_asked,
                      roles, term_list, verb_forms)
from .places import korean_forms, place_names
from .spans import persons
from .answer import GENERIC_KO, Need, compose
from .asked import asked as read_asked, asks_money
from .followup import PERSON_BACK, resolve
from .records import Answer, Hit
from .retrieve import Query, check_article, rank

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


class EmptyQuestionError(ValueError):
    """The question is empty or only whitespace."""


class QuestionTooLongError(ValueError):
    """The question is longer than the engine accepts."""


SPELLINGS_KEPT = 20_000  # cached name spellings (and lexicons) per engine, at most


@dataclass
class Engine:
    index: store.Index
    encoder: Encoder
    kiwi: object
    top_k: int = 40
    corpus: Path | None = None  # when set, the index is rebuilt if this corpus changes
    check_every: float = 5.0  # seconds between corpus checks in ``refresh_if_stale``
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _lexicons: dict = field(default_factory=dict, repr=False)
    _last_check: float = field(default=0.0, repr=False)
    _signature: tuple = field(default=(), repr=False)

    @classmethod
    def open(cls, index_dir: Path, model: str | None, cache_dir: Path, corpus: Path | None = None,
             rebuild_stale: bool = False, top_k: int = 40) -> "Engine":
        """Load everything; with ``rebuild_stale`` build a missing or stale index from ``corpus``."""
        with ThreadPoolExecutor(1) as pool:  # both load in C++ and release the GIL: overlap them
            kiwi_loading = pool.submit(make_kiwi)
            encoder = load_encoder(model, cache_dir)
            kiwi = kiwi_loading.result()
        try:
            manifest = store.read_manifest(index_dir)
            stale = corpus is not None and store.is_stale(manifest, corpus)
        except (store.IndexNotFoundError, store.IndexFormatError):
            if not (rebuild_stale and corpus is not None):
                raise
            manifest, stale = None, True
        if manifest is not None and manifest["model_id"] != encoder.model_id and rebuild_stale:
            stale = True
        if stale:
            if not rebuild_stale:
                store.check_fresh(manifest, corpus, index_dir)
            log.info("building index of %s into %s", corpus, index_dir)
            index = store.build(corpus, index_dir, encoder, kiwi)
        else:
            index = store.load(index_dir)
        store.check_model(index.manifest, encoder.model_id)
        engine = cls(index=index, encoder=encoder, kiwi=kiwi, top_k=max(top_k, 20),
                     corpus=Path(corpus) if (corpus is not None and rebuild_stale) else None)
        engine._signature = engine._corpus_signature()
        return engine

    def _corpus_signature(self) -> tuple:
        """Cheap change detector: names, sizes and mtimes of the corpus files."""
        if self.corpus is None:
            return ()
        from index.corpus import corpus_files

        try:
            return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in corpus_files(self.corpus))
        except (OSError, NewsQAError):
            return ()

    def refresh_if_stale(self, force: bool = False) -> bool:
        """Rebuild the index when the corpus changed since it was built; True if it did.

        Checked at most every ``check_every`` seconds; file stats first, the content
        fingerprint only when they moved. A failed rebuild keeps the current index.
        """
        if self.corpus is None:
            return False
        now = time.monotonic()
        if not force and now - self._last_check < self.check_every:
            return False
        self._last_check = now
        sig = self._corpus_signature()
        if sig == self._signature and not force:
            return False
        with self._lock:
            self._signature = sig
            if not store.is_stale(self.index.manifest, self.corpus):
                return False
            log.info("corpus %s changed; rebuilding the index", self.corpus)
            self.index = store.build(self.corpus, self.index.path, self.encoder, self.kiwi)
            self._lexicons.clear()
        return True

    # -- question understanding -------------------------------------------------
    def _alias_table(self, doc_id: str | None) -> dict[str, list[str]]:
        if doc_id is not None:
            return self.index.aliases.get(doc_id, {})
        if ("aliases", None) not in self._lexicons:
            merged: dict[str, list[str]] = {}
            for tab in self.index.aliases.values():
                for k, v in tab.items():
                    merged.setdefault(k, []).extend(x for x in v if x not in merged.get(k, []))
            self._lexicons[("aliases", None)] = merged
        return self._lexicons[("aliases", None)]

    def _lexicon(self, doc_id: str | None) -> dict:
        """Transliteration lexicon of the article (or corpus), built on first use."""
        if doc_id not in self._lexicons:
            docs = [self.index.articles[doc_id]] if doc_id else self.index.articles.values()
            self._lexicons[doc_id] = translit.lexicon("\n".join(a.text for a in docs))
        return self._lexicons[doc_id]

    def _kept(self, key: tuple, compute) -> tuple[str, ...]:
        """``compute()`` kept under ``key`` (a scan of the article's words that a chat asks again), bounded:
        questions may name anything."""
        found = self._lexicons.get(key)
        if found is None:
            found = tuple(compute())
            if len(self._lexicons) < SPELLINGS_KEPT:
                self._lexicons[key] = found
        return found

    def _spellings(self, name: str, doc_id: str | None) -> tuple[str, ...]:
        """``translit.matches`` of a name in the article's lexicon, kept per article."""
        return self._kept(("spell", doc_id, name), lambda: translit.matches(name, self._lexicon(doc_id)))

    def _need(self, question: str, table: dict[str, list[str]], doc_id: str | None = None) -> Need:
        names, nouns = [], []
        hay = self._haystack(doc_id)
        for term, is_name in term_list(self.kiwi, question, known=lambda w: w.lower() in hay):
            forms = [term.lower(), *([term[0].lower() + "("] if re.fullmatch(r"[A-Z]씨", term) else []),  # C(31)씨
                     *(f.lower() for f in table.get(term.lower(), [])),
                     *(f.lower() for f in PLACES.get(term.lower(), [])), *korean_forms(term),
                     *DATE_FORMS.get(term.lower(), ()),
                     *([term[:-1].lower()] if re.fullmatch(r"[A-Z]{2,}s", term) else [])]  # "PCs": PC
            if len(forms) == 1 and (is_name or not term.isascii()):
                forms += [w.lower() for w in self._spellings(term, doc_id)]
            numbered = re.fullmatch(r"([A-Za-z][A-Za-z ]+?)[- ]?(\d{1,2})", term)
            if len(forms) == 1 and numbered:  # "Badanun-1": 바다눈 1호, the romanized name with its number
                base = [w.lower() for w in self._spellings(numbered.group(1), doc_id)]
                forms += [f"{b} {numbered.group(2)}{suffix}" for b in base for suffix in ("호", "")] + \
                    [f"{b}{numbered.group(2)}호" for b in base]
            if len(forms) == 1 and re.fullmatch(r"[\uac00-\ud7a3]{3,4}", term):
                forms += self._expansions(term, doc_id)
            if len(forms) == 1 and re.fullmatch(r"[A-Za-z0-9]{2,}[\uac00-\ud7a3]", term):
                forms += self._long_forms(term, doc_id)
            last = term.split()[-1].lower()
            if len(forms) == 1 and last in translit.SURNAMES:  # "coach Kim", "Minister Kim" -> 김현준 of the article
                forms += [p for p in self._people(doc_id) if p.startswith(translit.SURNAMES[last])]
            if is_name:
                forms += self._prefix_forms(term.lower(), forms, table, doc_id)
                # a mined gloss may carry a common noun before the name (선사 캐피탈 마리타임): later mentions drop it
                forms += [" ".join(f.split()[1:]) for f in forms if _HANGUL.search(f) and len(f.split()) >= 3]
                forms += self._acronyms(doc_id).get(term, [])
                rest = [translit.SUFFIXES.get(w.lower()) for w in term.split()[1:]]
                other_firm = bool(rest) and all(rest) and not any(k in self._haystack(doc_id) for ks in rest for k in ks)
                if len(forms) == 1 and " " in term and term.isascii() and not other_firm:
                    # "Jeonbuk Hyundai Motors" (전북 현대): a team or company the article writes in its own way is
                    # findable by its leading word, romanized (전북) or under its own romanization (Hyundai = 현대);
                    # not when its company words are nowhere in the article ("Seon Energy Solution" over a story
                    # about 세온모터스 is another company of the group)
                    first = term.split()[0]
                    forms += [w.lower() for w in self._spellings(first, doc_id)] or \
                        [f.lower() for w, c in glossary.english_concepts(first) for f in c.korean]
            forms = tuple(dict.fromkeys(forms))
            (names if is_name or term.lower() in table else nouns).append((term, forms))
        lang = language(question)
        if lang == "en":
            concepts = glossary.english_concepts(question)
        else:
            # the question's words as written too: kiwi may read "주가 얼마" as 주 + 가
            words_ko = [v for w in re.findall(r"[\uac00-\ud7a3]{2,}", question) for v in particle_variants(w)]
            # a verb made a noun by 기 before 로 하다 is no noun of its own: "얼마에 사기로 했어?" (buy) is no 사기 (fraud)
            verbal = {m.group(1) for m in re.finditer(r"([\uac00-\ud7a3]+기)로\s*(?:했|한|하|결정|합의)", question)}
            concepts = glossary.korean_concepts([w for w in dict.fromkeys([t for t, _ in names + nouns] + words_ko)
                                                 if w not in verbal])
        bridge: dict[str, list[str]] = {}
        for w, c in concepts:
            bridge.setdefault(w.lower(), []).extend(f.lower() for f in c.forms)
        if lang == "en":  # "Ministry of Land, Infrastructure and Transport": names inside a glossary phrase are its words
            phrases = [w.lower() for w, _ in concepts if " " in w or "-" in w]  # (and "Hi-Pass": 하이패스)
            names = [(n, forms) for n, forms in names
                     if not any(re.search(rf"\b{re.escape(n.lower())}\b", p) for p in phrases) or n.lower() in bridge]
        words = [(w, tuple(dict.fromkeys([st, *bridge.get(w.lower(), [])]))) for w, st in content_words(question)]
        nouns = [(n, tuple(dict.fromkeys([*forms, *bridge.get(n.lower(), [])]))) for n, forms in nouns]
        names = [(n, tuple(dict.fromkeys([*forms, *bridge.get(n.lower(), [])]))) for n, forms in names]
        inside = " ".join(n.lower() for n, _ in names)  # "Energy" of "Hanbit Energy" is part of a name
        concept_forms = tuple((w, tuple(dict.fromkeys(f.lower() for f in c.forms)), c.concrete, c.korean, c.english)
                              for w, c in concepts if not (lang == "en" and re.search(rf"\b{re.escape(w)}\b", inside)))
        subject, target = roles(question, [n for n, _ in names])
        owned_by = owner(question, subject, [n for n, _ in names])
        known = {k: tuple(dict.fromkeys([k, *(v.lower() for v in vs)])) for k, vs in table.items()}
        # countries and foreign cities locate a fact and need not be in the cited sentence; a Korean city or
        # province narrows it ("부산 경쟁률은?" is not answered by Seoul's figure)
        qtype = question_type(question)
        places = frozenset(n for n, forms in names if n.lower() in PLACES and not set(forms) & place_names()
                           # "How much will it cost in Europe?": a figure asked for a place is that place's
                           # figure (Korea is the article's own country, written 국내; "in Korean" is a subject)
                           and not (qtype in ("amount", "percent", "count")
                                    and n.lower() not in ("korea", "korean", "south korea")
                                    and re.search(rf"\bin (?:the )?{re.escape(n)}\b|(?<![\uac00-\ud7a3]){re.escape(n)}(?:에서는|에서|에선)(?![\uac00-\ud7a3])",
                                                  question)))
        head = re.search(r"([\uac00-\ud7a3]{2,}?)(?:은|는|이|가)?\s*(?:얼마|몇|언제|어디|누구|무엇|뭐)", question)
        return Need(lang, qtype, names, nouns, subject, target, known, places, words,
                    self._topics(), concept_forms, head.group(1) if head else None, owned_by,
                    tuple(verb_forms(self.kiwi, question)) if lang == "ko" else (),
                    tuple(compound_nouns(self.kiwi, question)) if lang == "ko" else (),
                    role_asked(question) if lang == "ko" else None)

    def _topics(self) -> dict:
        """doc_id -> lower-cased names in its title (and their glosses), computed once."""
        if ("topics", None) not in self._lexicons:
            out = {}
            for doc_id, art in self.index.articles.items():
                table = self.index.aliases.get(doc_id, {})
                forms = []
                for term, is_name in term_list(self.kiwi, art.title):
                    if is_name:
                        forms += [term.lower(), *(f.lower() for f in table.get(term.lower(), []))]
                title = art.title.lower()
                lead = re.match(r"\s*([\uac00-\ud7a3]{3,})(?:[,·…]|은|는|이|가|\s)", art.title)
                if lead:  # a title opens with the story's subject: "한결반도체, 3분기 영업이익 …"
                    forms.append(lead.group(1).lower())
                for key, vals in table.items():  # glossed names in the title, also as a short form (한빛에너지)
                    names = [key, *(v.lower() for v in vals)]
                    hit = [f for f in names if f in title]
                    hit += [f[:k] for f in names if _HANGUL.fullmatch(f[0]) and len(f) >= 5
                            for k in range(len(f) - 1, max(2, (len(f) + 1) // 2) - 1, -1) if f[:k] in title][:1]
                    if hit:
                        forms += [*names, *hit]
                out[doc_id] = tuple(dict.fromkeys(forms))
            self._lexicons[("topics", None)] = out
        return self._lexicons[("topics", None)]

    def _prefix_forms(self, low: str, forms: list[str], table, doc_id) -> list[str]:
        """Short forms of a glossed name: "Hanbit Energy" -> the gloss of "Hanbit Energy Solution"
        (한빛에너지솔루션) and the article's own shorter Korean word for it (한빛에너지)."""
        extra = []
        for key, vals in table.items():
            if low not in table and key.startswith(low + " "):
                extra += [key, *(v.lower() for v in vals)]
        korean = [f for f in forms + extra if re.fullmatch(r"[\uac00-\ud7a3]{5,}", f)]
        if korean:
            extra += [w for w in self._hangul_words(doc_id) for k in korean
                      if k.startswith(w) and len(w) >= len(k) / 2 and w != k]
        return extra

    def _expansions(self, short: str, doc_id: str | None) -> tuple[str, ...]:
        """The article's full names a Korean abbreviation stands for: 해수부 = 해양수산부, 질병청 = 질병관리청,
        식약처 = 식품의약품안전처 (same first syllable, the others in order, the last among the name's last two)."""
        def abbreviates(w: str) -> bool:
            if w[0] != short[0] or len(w) < len(short) + 2:
                return False
            at = 0
            for ch in short[1:]:
                at = w.find(ch, at + 1)
                if at < 0:
                    return False
            return at >= len(w) - 2
        return self._kept(("abbr", doc_id, short), lambda: sorted(w for w in self._hangul_words(doc_id) if abbreviates(w)))

    def _long_forms(self, term: str, doc_id: str | None) -> tuple[str, ...]:
        """The article's long forms of a Latin word with a Korean short form: "LNG선" is "LNG운반선", "LNG 운반선"."""
        latin, ko = term[:-1].lower(), term[-1]
        return self._kept(("long", doc_id, term), lambda: sorted(set(re.findall(
            rf"{re.escape(latin)}\s?[\uac00-\ud7a3]{{0,4}}{ko}", self._haystack(doc_id)))))

    def _acronyms(self, doc_id: str | None) -> dict[str, list[str]]:
        """Acronym -> the article's spelled-out names with those initials ("ECB" -> "european central bank")."""
        key = ("acronyms", doc_id)
        if key not in self._lexicons:
            docs = [self.index.articles[doc_id]] if doc_id else self.index.articles.values()
            out: dict[str, list[str]] = {}
            for art in docs:
                for m in re.finditer(r"[A-Z][a-z]+(?:\s+(?:of|and|for|the|de|&)?\s*[A-Z][a-z]+)+", art.text):
                    caps = "".join(w[0] for w in m.group().split() if w[:1].isupper())
                    if len(caps) >= 2:
                        out.setdefault(caps, [])
                        if m.group().lower() not in out[caps]:
                            out[caps].append(m.group().lower())
            self._lexicons[key] = out
        return self._lexicons[key]

    def _people(self, doc_id: str | None) -> tuple[str, ...]:
        """Korean names of people in the article (김현준 of "김현준 포항 감독"), found once."""
        key = ("people", doc_id)
        if key not in self._lexicons:
            names = [m.group() for m in persons(self._haystack(doc_id)) if _HANGUL.fullmatch(m.group()[:1])]
            self._lexicons[key] = tuple(dict.fromkeys(n for n in names if " " not in n and "(" not in n))
        return self._lexicons[key]

    def _hangul_words(self, doc_id: str | None) -> frozenset:
        """Hangul words (3+ syllables) of the article's lexicon, collected once instead of per question."""
        key = ("hangul", doc_id)
        if key not in self._lexicons:
            self._lexicons[key] = frozenset(w for ws in self._lexicon(doc_id).values() for w in ws
                                            if re.fullmatch(r"[\uac00-\ud7a3]{3,}", w))
        return self._lexicons[key]

    def _haystack(self, doc_id: str | None) -> str:
        key = ("hay", doc_id)
        if key not in self._lexicons:
            docs = [self.index.articles[doc_id]] if doc_id else self.index.articles.values()
            self._lexicons[key] = "\n".join(a.text for a in docs).lower()
        return self._lexicons[key]

    def _bridged(self, text: str, need: Need, doc_id: str | None) -> str | None:
        """The question with its names and glossary words in the article's language, if it is the other one.

        "What stake does Hanbit Energy hold?" over a Korean article -> "What 지분 does 한빛에너지 hold?".
        Embedding both keeps the English wording from favouring the one sentence that glosses a name in English.
        """
        hay = self._haystack(doc_id)
        korean_article = bool(_HANGUL.search(hay))
        if (need.lang == "en") != korean_article:
            return None
        pick = (lambda fs: next((f for f in fs if _HANGUL.search(f) and f in hay), None)) if korean_article else \
            (lambda fs: next((f for f in fs if f.isascii() and f in hay), None))
        out = text
        swaps = [(n, pick(forms[1:])) for n, forms in need.names + need.nouns]
        swaps += [(w, pick(tuple(f.lower() for f in (ko if korean_article else en)))) for w, _, _, ko, en in need.concepts]
        for word, to in sorted(swaps, key=lambda x: -len(x[0])):
            if to and word.lower() != to:
                out = re.sub(re.escape(word), to, out, count=1, flags=re.I)
        return out if out != text else None

    def _encode_unlocked(self, texts: list[str]):
        """Query vectors with the engine lock released (callers hold it): the encoder is thread-safe and
        batches concurrent questions, so one question's kiwi work overlaps another's encoding."""
        self._lock.release()
        try:
            return self.encoder.encode_queries(texts)
        finally:
            self._lock.acquire()

    def _query(self, text: str, need: Need, table, prefer=frozenset(), doc_id: str | None = None) -> Query:
        extra = aliases.expand(text, table) + [f for _, forms, *_ in need.concepts for f in forms]
        lex = lex_tokens(self.kiwi, " ".join([text, *extra]))
        other = self._bridged(text, need, doc_id)
        if other:  # the question in the article's language too: dense scores average the two
            v = self._encode_unlocked([text, other])
            vec = v.mean(axis=0)
            vec = vec / max(float(np.linalg.norm(vec)), 1e-12)
        else:
            vec = self._encode_unlocked([text])[0]
        # English content words stay out of the entity feature, unless the glossary bridges them
        # frame nouns ("언급된 기업은?") say what kind of answer is wanted, not what it is about
        terms = tuple(forms for n, forms in need.names + need.nouns if n not in GENERIC_KO)
        # and so do the Korean verbs the glossary knows ("잡혔어" -> 검거, 체포): a question may have no noun at all
        nouns = {n for n, _ in need.names + need.nouns}
        terms += tuple(forms for w, forms, *_ in need.concepts if forms not in terms
                       and (need.lang == "en" or (w not in nouns and w not in GENERIC_KO)))
        return Query(text=text, qtype=need.qtype, terms=terms, lex=lex, vec=vec, prefer=prefer, exclude=need.exclude,
                     lang=need.lang, asked=read_asked(text, need.qtype))

    # -- public -------------------------------------------------------------------
    def rank(self, question: str, article: str | None = None, history: list[dict] | None = None) -> list[Hit]:
        """Ranked hits for a (resolved) question; used by ``ask`` and by the evaluation."""
        return self._run(question, article, history)[2]

    def _run(self, question: str, article: str | None, history: list[dict] | None):
        question = (question or "").strip()
        if not question:
            raise EmptyQuestionError("the question is empty — type a question about the article")
        if len(question) > MAX_QUESTION_CHARS:
            raise QuestionTooLongError(f"the question is too long ({len(question)} characters, at most {MAX_QUESTION_CHARS})")
        check_article(self.index, article)
        earlier = [h.get("question", "") for h in (history or []) if isinstance(h, dict)]
        table = self._alias_table(article)
        with self._lock:  # kiwi and the lexicon caches are shared; encoding runs outside (_encode_unlocked)
            resolved = resolve(self.kiwi, question, earlier)
            prefer = frozenset()
            if resolved != question and earlier:
                prev = resolve(self.kiwi, earlier[-1], earlier[:-1])
                prev_need = self._need(prev, table, article)
                prev_hits = rank(self.index, self._query(prev, prev_need, table, doc_id=article), article, self.top_k)
                prefer = frozenset(h.sentence.sent_id for h in prev_hits[:1])
                pointer = PERSON_BACK.search(question)
                if pointer and prev_need.qtype in ("person", "party"):
                    # "그 사람 전공 분야는?" after "관장은 누구야?": the person the last answer named
                    last = compose(prev, prev_need, prev_hits, self.index, self._haystack(article))
                    span = last.span.text if last.span and not last.abstained else ""
                    found = persons(span)
                    name = found[0].group() if found else span if re.fullmatch(r"[\uac00-\ud7a3]{2,4}|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}", span) else ""
                    if name:
                        resolved = question[:pointer.start()] + name + question[pointer.end():]
            need = self._need(resolved, table, article)
            if resolved != question:
                # the user's latest words carry the focus ("And Trainium?" is about Trainium)
                focus = [n for n, _ in need.names if n in {t for t, is_name in term_list(self.kiwi, question) if is_name}]
                if focus:
                    need = replace(need, subject=focus[0])
            hits = rank(self.index, self._query(resolved, need, table, prefer, article), article, self.top_k)
            # hits, index and article text from one snapshot: a corpus refresh cannot mix them
            return resolved, need, hits, self.index, self._haystack(article)

    def ask(self, question: str, article: str | None = None, history: list[dict] | None = None) -> Answer:
        try:
            self.refresh_if_stale()
        except NewsQAError as e:  # e.g. every file became unreadable: keep answering from the old index
            log.warning("corpus changed but the rebuild failed: %s", e)
        resolved, need, hits, index, haystack = self._run(question, article, history)
        # a follow-up that carries the earlier question as context ("작년엔? (올해 실근로시간은 얼마?)") is read with
        # it, for what it measures (hours); a rewritten one ("셔틀버스는?" -> "… 셔틀버스는 몇 곳 더 늘려?") by its
        # own words, whose counter may not fit the new subject
        carried = resolved.startswith(question.strip() + " (")
        # (but a price stays a sum of money: "중국산은?" after "국산 참조기 1kg에 얼마 해?" is no 1㎏)
        # (a year follow-up, "2016년에는요?", is read by its year)
        money = need.qtype == "amount" and asks_money(resolved) and not asks_money(question) and not re.search(r"\d", question)
        ans = compose(resolved if carried or money else question.strip(), need, hits, index, haystack)
        if resolved != question.strip():
            ans = Answer(**{**ans.__dict__, "question": question.strip(), "resolved_question": resolved})
        return ans

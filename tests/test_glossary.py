"""The English <-> Korean news vocabulary (qa/glossary.py): lookups and the word-start check."""
from qa import glossary
from qa.answer import mentions_any

TAB = glossary.parse("stock price, share price\t주가\t!\nstock, share\t주식, 지분\nvaluation, valued\t기업가치, 가치\n")


def test_phrase_wins_over_its_words():
    found = glossary.english_concepts("What is Amazon's stock price?", TAB)
    assert [(w, c.korean, c.concrete) for w, c in found] == [("stock price", ("주가",), True)]


def test_words_match_by_stem_and_carry_both_languages():
    (w, c), = glossary.english_concepts("How was OpenAI valued?", TAB)
    assert w == "valued" and c.korean == ("기업가치", "가치") and not c.concrete
    assert "valu" in c.forms and "기업가치" in c.forms


def test_korean_nouns_map_to_english():
    (n, c), = glossary.korean_concepts(["주가", "오픈AI"], TAB)
    assert n == "주가" and "stock price" in c.forms


def test_short_korean_word_must_start_a_word():
    assert not mentions_any("조지아주가 유치했다", ("주가",))
    assert mentions_any("한빛에너지 주가는 올랐다", ("주가",))
    assert mentions_any("오픈ai의 기업가치가", ("기업가치",))
    assert mentions_any("내년도 본예산을", ("예산",))  # a noun prefix (본, 총, 순) may come before it


def test_bundled_table_parses_and_marks_concrete_topics():
    tab = glossary.table()
    assert any(c.concrete for cs in tab.stems.values() for c in cs)
    assert "주가" in tab.korean and "headquarter" in tab.stems


def test_korean_verb_forms_with_endings_find_their_concept_but_compound_nouns_do_not():
    from qa.glossary import korean_concepts

    found = {w: c.korean for w, c in korean_concepts(["잡혔어", "국내사업본부장", "목표액"])}
    assert "잡혔" in found and "검거" in found["잡혔"]  # "몇 명이나 잡혔어?" asks about arrests
    assert "본부" not in found  # 본부장 is a title, not a headquarters
    assert "목표" in found  # 목표액 is the target amount


def test_a_concrete_word_asked_in_another_sense_of_its_stem_is_not_required():
    tab = glossary.parse("missing\t실종, 실종자\t!\ninjured, injury\t부상\t!\n")
    (w, c), = glossary.english_concepts("Why did the starter miss out on the win?", tab)
    assert w == "miss" and not c.concrete  # "miss" shares the stem of "missing", not its meaning
    assert [c.concrete for _, c in glossary.english_concepts("How many people are missing?", tab)] == [True]
    assert [c.concrete for _, c in glossary.english_concepts("How many were injured?", tab)] == [True]
    # a word with a line of its own is not also the concrete topic its stem shares ("fishing" is no "fish")
    tab = glossary.parse("fish, fishes\t물고기\t!\nfishing, fishery\t어업\n")
    assert [(c.korean, c.concrete) for _, c in glossary.english_concepts("How big is the fishing fleet?", tab)] == \
        [(("물고기",), False), (("어업",), False)]
    assert [c.concrete for _, c in glossary.english_concepts("How many fish died?", tab)][:1] == [True]


def test_everyday_words_of_session_7_bridge_english_questions():
    from qa.glossary import english_concepts
    found = {w: {f for c in cs for f in c.korean} for w, cs in
             [(w, [c for ww, c in english_concepts(q) if ww == w]) for q, w in
              [("Where did the group hold its press conference?", "press conference"),
               ("Where is the company's head office?", "head office"), ("When was the film released?", "released")]]}
    assert "기자회견" in found["press conference"] and "본사" in found["head office"] and "개봉" in found["released"]


def test_suspected_deaths_and_an_ent_clinic_bridge_english_questions():
    found = {w: c.korean for w, c in glossary.english_concepts("How many deaths are suspected at the ENT clinic?")}
    assert "추정" in found["suspected"] and "이비인후과" in found["ent"]
    # "suspected" has a line of its own: it is not the concrete topic "suspect" (피의자)
    assert not any(c.concrete and "피의자" in c.korean for _, c in glossary.english_concepts("How many are suspected?"))


def test_mars_antarctica_and_hi_pass_bridge_english_questions():
    found = {w: c.korean for w, c in glossary.english_concepts("Did the Martian rock from Antarctica pass a Hi-Pass gate?")}
    assert "화성" in found["martian"] and "남극" in found["antarctica"] and "하이패스" in found["hi-pass"]


def test_household_income_budget_carriers_and_kepco():
    def concrete(q):
        return {(w, c.korean[0]) for w, c in glossary.english_concepts(q) if c.concrete}
    assert ("income", "소득") in concrete("What is the average annual income of a household?")
    assert not any(k == "이익" for _, k in concrete("What is the average annual income of a household?"))
    assert any(k == "이익" for _, k in concrete("What was the company's net income?"))
    found = {w: c.korean for w, c in glossary.english_concepts("Which budget carrier did KEPCO pick?")}
    assert "알뜰폰" in found["budget carrier"] and "한전" in found["kepco"]



def test_a_subsidy_is_also_written_as_support_and_firefighters_by_their_work():

    forms = {w: c.forms for w, c in glossary.english_concepts("fuel subsidy firefighters")}
    # "어선 연료비 지원 단가를 ℓ당 100원에서 150원으로": the subsidy per litre; "진화에는 헬기 42대와 인력": firefighting
    assert mentions_any("또 어선 연료비 지원 단가를 ℓ당 100원에서 150원으로 올린다.", forms["subsidy"])
    assert mentions_any("진화에는 헬기 42대와 인력 3천100여 명이 투입됐다.", forms["firefighters"])


def test_a_buddhist_service_is_a_beopoe():
    forms = {w: c.forms for w, c in glossary.english_concepts("Where will Buddhist services be held?")}
    assert mentions_any("공사 기간 법회는 임시 법당에서 열린다.", forms["buddhist services"])


def test_a_vote_is_also_a_parliamentary_or_committee_vote():
    found = glossary.english_concepts("When did the commission vote on the pension fund?", glossary.table())
    assert any("표결" in c.korean for w, c in found if w == "vote") and any("기금" in c.korean for w, c in found if w == "fund")


def test_a_womens_race_is_the_womens_division():
    found = glossary.english_concepts("Who won the women's race?", glossary.table())
    assert any("여자부" in c.korean for w, c in found)


def test_a_phrase_written_with_a_hyphen_is_the_phrase():
    found = glossary.english_concepts("How much cheaper are budget-carrier plans than the big three?", glossary.table())
    assert any("알뜰폰" in c.korean for w, c in found if w == "budget-carrier")


def test_staff_on_duty_planes_and_piers_have_their_korean_words():
    for q, ko in (("How many staff work at the situation room?", "요원"), ("How many planes will it lease?", "항공기"),
                  ("How many ships can berth at Pier 8?", "선석"), ("And the military service credit?", "군 복무")):
        assert any(ko in c.korean for _, c in glossary.english_concepts(q, glossary.table())), q
    # staff is no concrete topic: "How many employees does X have?" still needs the article to count its employees
    staff = [c for w, c in glossary.english_concepts("How many staff?", glossary.table()) if w == "staff"]
    assert staff and not any(c.concrete for c in staff)


def test_common_news_nouns_asked_in_english_have_their_korean_words():
    for q, ko in (("How much rice did the average person eat?", "쌀"), ("How many footprints were found?", "발자국"),
                  ("How many barges were the fireworks launched from?", "바지선"),
                  ("When did they hold the groundbreaking ceremony?", "착공")):
        assert any(ko in c.korean for _, c in glossary.english_concepts(q, glossary.table())), q
    # a driver is no 기사 (which is also a news article)
    assert not any("기사" in c.korean for _, c in glossary.english_concepts("How many drivers?", glossary.table()))

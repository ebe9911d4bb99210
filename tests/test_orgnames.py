"""Translated institution and place names (index/orgnames.py through translit.matches)."""
from index import translit
from index.orgnames import translated

TEXT = ("한국공항공사는 12일 통계를 발표했다. 해양수산부는 부이를 늘린다. 국립수산과학원이 보고서를 냈다. "
        "식품의약품안전처 허가를 받았다. 대한노인병학회 최문경 회장. 동해 수온이 올랐다. 산하의료원이 진료를 멈췄다. "
        "한결오토텍은 부품을 만든다. 동해중공업이 수주했다. 한국소비자원이 조사했다. 한국도로공사가 도입한다. "
        "장보고기지에 도착했다.")


def lex():
    return translit.lexicon(TEXT)


def test_translated_names_find_the_korean_word():
    got = {n: translit.matches(n, lex()) for n in (
        "Korea Airports Corporation", "Ministry of Oceans and Fisheries", "National Institute of Fisheries Science",
        "Ministry of Food and Drug Safety", "Korean Geriatrics Society", "East Sea", "Sanha Medical Center",
        "Hangyeol Autotech", "Korea Consumer Agency", "Korea Expressway Corporation", "Jang Bogo Station")}
    assert got == {
        "Korea Airports Corporation": ["한국공항공사"], "Ministry of Oceans and Fisheries": ["해양수산부"],
        "National Institute of Fisheries Science": ["국립수산과학원"], "Ministry of Food and Drug Safety": ["식품의약품안전처"],
        "Korean Geriatrics Society": ["대한노인병학회"], "East Sea": ["동해"], "Sanha Medical Center": ["산하의료원"],
        "Hangyeol Autotech": ["한결오토텍"], "Korea Consumer Agency": ["한국소비자원"],
        "Korea Expressway Corporation": ["한국도로공사"], "Jang Bogo Station": ["장보고기지"]}


def test_a_name_whose_words_are_not_all_in_one_word_is_not_found():
    # every English word must become a piece of the same article word, with nothing left over
    assert translit.matches("Ministry of Health", lex()) == []
    assert translit.matches("Korea Exchange", lex()) == []
    assert translit.matches("West Sea", lex()) == []
    assert translit.matches("Seoul Metropolitan Police Agency", lex()) == []


def test_a_word_may_be_left_out_only_when_the_table_allows_it():
    never = lambda e, h: False  # noqa: E731
    assert translated("Seoul Metropolitan Police Agency", ["경찰청"], never) == []  # Seoul is not in the table
    assert translated("Korea Airports Corporation", ["공항공사"], never) == ["공항공사"]  # "korea" may be dropped
    assert translated("Airports Corporation Safety", ["공항공사"], never) == []  # "safety" may not


def test_english_k_sounds_spell_like_the_hangul():
    assert translit.skeleton("Chronicle") == translit.skeleton("크로니클")
    assert translit.skeleton("Autotech") == translit.skeleton("오토텍")


def test_a_word_too_short_to_match_leaves_the_name_to_its_other_words():
    lex = translit.lexicon("구장은 높이 8m의 '몬스터 월'을 갖췄다. '아스트라 크로니클'의 글로벌 버전이 나온다.")
    assert translit.matches("Monster Wall", lex) == ["몬스터"]
    assert translit.matches("Astra Chronicle", lex) == ["크로니클"]
    assert translit.matches("Thunder Dome", lex) == []


def test_each_part_of_a_hyphenated_pair_finds_its_glossary_word():
    from qa import glossary
    words = {w for w, _ in glossary.english_concepts("Where was the Hanwha-Samsung game played?")}
    assert "hanwha" in words


def test_a_gloss_drops_the_kind_word_and_a_name_keeps_no_attached_honorific():
    from index.aliases import mine
    assert [(a.ko, a.en) for a in mine("간편결제 업체 하늘페이(Haneul Pay)는 할인을 한다.")] == [("하늘페이", "Haneul Pay")]
    assert [(a.ko, a.en) for a in mine("라면 제조업체 다올식품(Daol Foods)의 수출액")] == [("다올식품", "Daol Foods")]
    assert [(a.ko, a.en) for a in mine("국민은행(Kookmin Bank)은")] == [("국민은행", "Kookmin Bank")]  # a name alone stays
    assert [(a.ko, a.en) for a in mine("OpenAI CEO 샘 알트먼(Sam Altman)은")] == [("샘 알트먼", "Sam Altman")]
    lex = translit.lexicon("수원시에서 편의점을 하는 이정민씨는 무인 전환을 했다.")
    assert translit.matches("Lee Jeong-min", lex) == ["이정민"]


def test_committees_and_public_bodies_of_social_policy_are_translated():
    lex = translit.lexicon("최저임금위원회는 12일 표결했다. 국민연금 보험료율이 오른다. 법제사법위원회 심사를 거친다. "
                           "제주관광공사가 집계했다.")
    assert translit.matches("Minimum Wage Commission", lex) == ["최저임금위원회"]
    assert translit.matches("National Pension", lex) == ["국민연금"]
    assert translit.matches("Legislation and Judiciary Committee", lex) == ["법제사법위원회"]
    assert translit.matches("Jeju Tourism Organization", lex) == ["제주관광공사"]


def test_english_soft_c_and_g_spell_like_the_hangul():
    assert translit.skeleton("Mercedes") == translit.skeleton("메르세데스")  # c before e is an s
    lex = translit.lexicon("로스앤젤레스(LA) 공연에는 13만명이 왔다. 김포공항에서 출발했다.")
    assert translit.matches("Los Angeles", lex) == ["로스앤젤레스"]  # g before e may be soft
    assert translit.matches("Gimpo", lex) == ["김포공항"]  # and a romanized Korean g stays hard


def test_heritage_civic_and_research_bodies_are_translated():
    lex = translit.lexicon("국가유산청은 보수를 맡는다. 건강보험가입자연대는 반발했다. 한국화학연구원이 개발했다.")
    assert translit.matches("Korea Heritage Service", lex) == ["국가유산청"]
    assert translit.matches("Health Insurance Subscribers Solidarity", lex) == ["건강보험가입자연대"]
    assert translit.matches("Korea Research Institute of Chemical Technology", lex) == ["한국화학연구원"]


def test_a_hangul_word_with_a_latin_letter_spells_its_english_word():
    lex = translit.lexicon("루미크리트는 이번 시리즈B 투자를 유치했다.")
    assert translit.matches("Series", lex) == ["시리즈"]

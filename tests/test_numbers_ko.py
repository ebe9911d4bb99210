"""Korean wire-style figures: compound numbers, counts vs measures, money vs rate questions."""
import pytest

from index.numbers import mentions
from qa.asked import asks_change, asks_money
from qa.places import korean_forms, places
from qa.asked import Asked, preference
from qa.spans import answer_span, persons


@pytest.mark.parametrize("text, kind, surface, key", [
    ("영업이익이 2조1천억원으로", "amount", "2조1천억원", "amt:2.1e+12"),
    ("순이익은 1조5천600억원을", "amount", "1조5천600억원", "amt:1.56e+12"),
    ("18만3천원에 거래를 마쳤다", "amount", "18만3천원", "amt:1.83e+05"),
    ("출생아 수는 17만4천명으로", "quantity", "17만4천명", "qty:1.74e+05명"),
    ("주택 1천842채가 잠겼다", "quantity", "1천842채", "qty:1.84e+03채"),
    ("농경지 3천214㏊가", "quantity", "3천214㏊", "qty:3.21e+03㏊"),
    ("평택에는 412.5㎜의 비가", "quantity", "412.5㎜", "qty:412㎜"),
    ("새 공장은 약 120만㎡ 부지에", "quantity", "120만㎡", "qty:1.2e+06㎡"),
    ("약 4조 6천억 원", "amount", "약 4조 6천억 원", "amt:4.6e+12"),
])
def test_korean_compound_numbers_are_one_mention(text, kind, surface, key):
    (m,) = mentions(text)
    assert (m.kind, m.text, m.key) == (kind, surface, key)


def test_money_question_takes_the_price_and_a_change_question_the_percent():
    text = "이날 한빛반도체 주가는 전 거래일보다 4.2% 오른 18만3천원에 거래를 마쳤다."
    money = preference("amount", asks_change("주가는 얼마야?"), asks_money("주가는 얼마야?"))
    a, b = answer_span(text, "amount", [], asked=Asked(prefer=money))
    assert text[a:b] == "18만3천원"
    rate = preference("amount", asks_change("주가는 얼마나 올랐어?"), asks_money("주가는 얼마나 올랐어?"))
    a, b = answer_span(text, "amount", [], asked=Asked(prefer=rate))
    assert text[a:b] == "4.2%"


def test_percent_question_takes_the_clause_with_a_percent():
    text = "대출 한도는 최대 5억원이며, 금리는 소득에 따라 연 1.2∼3.3% 수준이 적용된다."
    a, b = answer_span(text, "percent", [(("금리",), 2.0)])
    assert text[a:b] == "1.2∼3.3%"


def test_count_question_takes_the_whole_korean_number():
    text = "주택 1천842채가 물에 잠기거나 부서졌고, 도로와 교량 등 공공시설 피해는 1천150건으로 집계됐다."
    a, b = answer_span(text, "count", [(("공공시설",), 3.0)])
    assert text[a:b] == "1천150건"


@pytest.mark.parametrize("text, name", [
    ('박영희 한빛반도체 최고재무책임자(CFO)는 이날 "수요가 공급을 웃돌 것"이라고 말했다.', "박영희"),
    ("김모(35) 씨가 현장에서 구조됐다.", "김모"),
    ("이정호 행정안전부 장관은 이날 현장을 찾았다.", "이정호"),
])
def test_korean_people_are_found_by_their_title(text, name):
    assert [m.group() for m in persons(text)][:1] == [name]


def test_market_is_no_title():
    assert not persons("메모리 반도체 시장은 회복세다.")


def test_role_before_a_korean_name_and_headings_are_not_people():
    text = "FC서울 공격수 박세찬은 17골로 득점왕에 올랐고, 도움왕은 포항 미드필더 이규민에게 돌아갔다."
    assert [m.group() for m in persons(text)] == ["박세찬", "이규민"]
    assert not persons("선수 생활을 마쳤다.")


@pytest.mark.parametrize("text, qtype, span", [
    ("한빛반도체는 3분기 영업이익이 늘었다고 24일 공시했다.", "date", "24일"),
    ("경부선 일부 구간 열차 운행이 16일 밤부터 약 9시간 동안 중단됐다.", "date", "16일 밤"),
    ("정태민은 후반 34분 교체 투입됐다.", "date", "후반 34분"),
    ("포항은 통산 여섯 번째 우승을 차지했다.", "count", "여섯 번째"),
])
def test_korean_days_match_minutes_and_ordinals(text, qtype, span):
    a, b = answer_span(text, qtype, [])
    assert text[a:b] == span


@pytest.mark.parametrize("text, expected", [
    ("선박은 경남 거제시 옥포조선소에서 건조돼 인도된다.", ["경남 거제시 옥포조선소"]),
    ("사진은 경기 이천시 한빛반도체 본사 모습.", ["경기 이천시 한빛반도체 본사"]),  # the company's building in the city
    ("현재 충북 오창과 폴란드 브로츠와프(Wrocław)에서 공장을 운영한다.", ["충북 오창", "폴란드 브로츠와프(Wrocław)"]),
    ("30일 포항스틸야드에서 열린 경기에서 이겼다.", ["포항스틸야드"]),
    ("경기가 좋아졌고 예산은 4조원이며 지역 무역도 늘었다. 인도 시점은 미정이다.", []),
])
def test_korean_places_and_venues(text, expected):
    assert [text[a:b] for a, b in places(text)] == expected


def test_english_place_names_reach_their_hangul_spelling():
    assert korean_forms("Pohang") == ("포항",)
    assert "충남" in korean_forms("South Chungcheong")
    assert korean_forms("Narnia") == ()


def test_where_question_takes_the_place():
    text = "회사는 충북 청주에 짓고 있는 신규 공장에 2027년까지 약 5조원을 투자할 계획이다."
    a, b = answer_span(text, "place", [(("공장",), 2.0)])
    assert text[a:b] == "충북 청주"


def test_about_counts_and_english_companies_and_surnames():
    (m,) = mentions("이재민은 2천300여명으로 늘었다")
    assert (m.kind, m.text) == ("quantity", "2천300여명")
    from index.translit import lexicon, matches
    lex = lexicon("한결반도체는 3분기 실적을 공시했다. 경부선 열차가 멈췄다.")
    assert matches("Hangyeol Semiconductor", lex) == ["한결반도체"]
    assert matches("Gyeongbu Line", lex) == ["경부선"]
    assert matches("Hanbit Semiconductor", lex) == []


def test_money_question_without_a_sum_of_money_has_no_answer_kind():
    money = preference("amount", False, True)
    assert money == (("amount",),)
    text = "주택 1천842채가 물에 잠기거나 부서졌고, 공공시설 피해는 1천150건으로 집계됐다."
    assert answer_span(text, "amount", [], asked=Asked(prefer=money)) == answer_span(text, "other", [])


def test_the_new_figure_of_a_change_not_the_one_it_changed_from():
    text = "육아휴직 급여 상한액은 현재 월 150만원에서 월 250만원으로 오른다."
    a, b = answer_span(text, "amount", [(("상한",), 2.0)], near=[("상한",)], asked=Asked(prefer=preference("amount", money=True)))
    assert text[a:b] == "250만원"
    a, b = answer_span(text, "amount", [(("상한",), 2.0)], near=[("상한",)], asked=Asked(prefer=preference("amount", money=True),
                                                                                       before=True))
    assert text[a:b] == "150만원"
    text = "회사는 내년 시설투자 규모를 올해(18조3천억원)보다 20%가량 늘린 약 22조원 수준으로 계획하고 있다."
    a, b = answer_span(text, "amount", [(("시설투자",), 2.0)], near=[("시설투자",)], asked=Asked(prefer=preference("amount", money=True)))
    assert text[a:b] == "약 22조원"


def test_a_place_inside_a_district_and_durations():
    text = "K리그1 시상식은 오는 12월 3일 서울 강남구 코엑스에서 열린다."
    assert [text[a:b] for a, b in places(text)] == ["서울 강남구 코엑스"]
    text = "경부선 일부 구간 열차 운행이 16일 밤부터 약 9시간 동안 중단되기도 했다."
    a, b = answer_span(text, "count", [])
    assert text[a:b] == "약 9시간"


def test_a_base_figure_the_question_points_at_and_what_a_count_counts():
    from qa.asked import count_unit
    text = "회사는 내년 시설투자 규모를 올해(18조3천억원)보다 20%가량 늘린 약 22조원 수준으로 계획하고 있다."
    a, b = answer_span(text, "amount", [(("시설투자",), 2.0)], near=[("올해",), ("시설투자",)],
                       asked=Asked(prefer=preference("amount", money=True)))
    assert text[a:b] == "18조3천억원"
    text = "이재민은 경기와 충남, 충북 등 6개 시도에서 3천120가구 5천48명이 발생했다."
    assert count_unit("How many people were displaced by the flooding?") == "명"
    assert count_unit("피해 지역은 몇 개 시도야?") == "개"
    a, b = answer_span(text, "count", [], asked=Asked(unit="명"))
    assert text[a:b] == "5천48명"
    a, b = answer_span(text, "count", [], asked=Asked(unit="개"))
    assert text[a:b] == "6개 시도"


def test_a_title_tied_to_a_name_must_be_tied_to_it_in_the_sentence():
    from qa.answer import Need, _affiliated, _tied_titles
    need = Need("ko", "quote", [("울산", ("울산",))], [])
    coach = _tied_titles("울산 감독은 경기 끝나고 뭐라고 했어?", need)
    assert not _affiliated(coach, '김현준 포항 감독은 "기적"이라고 말했다.')
    assert _affiliated(coach, '박태오 울산 감독은 "아쉽다"고 말했다.')
    assert _affiliated(_tied_titles("울산은 뭐라고 했어?", need), "김현준 포항 감독은 말했다.")


def test_romanized_korean_names_meet_their_hangul_spelling():
    from index.translit import lexicon, matches, rr
    assert rr("대원") == "daewon" and rr("김민수") == "gimminsu"
    lex = lexicon("대원자동차는 판매량이 늘었다. 김민수 대표는 말했다. 세진모터스는 2위를 했다.")
    assert matches("Daewon Motors", lex) == ["대원자동차"]
    assert matches("Daewon", lex) == ["대원자동차"]
    assert matches("Kim Min-su", lex) == ["김민수"]
    assert matches("Sejin Motors", lex) == ["세진모터스"]
    assert matches("Samsung", lex) == []


def test_a_romanized_district_and_a_name_of_several_words():
    from index.translit import lexicon, matches
    lex = lexicon("서울 노원구의 한 소아과. 마곡 대원자동차 공장이 문을 열었다.")
    assert matches("Nowon", lex) == ["노원", "노원구"]  # (노원 also finds "노원역", "노원에서")
    assert sorted(matches("Magok Daewon", lex)) == ["대원자동차", "마곡"]
    assert matches("Magok Grand Hill", lex) == []  # every word must be found


def test_romanized_names_with_sound_changes_and_a_place_word():
    from index.translit import lexicon, matches, rr
    assert rr("대관령", assimilate=True) == "daegwallyeong" and rr("종로", assimilate=True) == "jongno"
    lex = lexicon("대관령의 아침 기온. 가락시장에서 배추값. 다온세라믹스를 인수한다. 종로구 주민.")
    assert matches("Daegwallyeong", lex) == ["대관령"]  # ㄴ+ㄹ is written ll
    assert matches("Garak Market", lex) == ["가락시장"] and matches("Daon Ceramics", lex) == ["다온세라믹스"]
    assert matches("Jongno", lex) == ["종로", "종로구"]


def test_ratios_per_unit_figures_and_until_dates():
    from qa.asked import date_bound
    (m,) = mentions("경쟁률은 98.4대 1로 집계됐다")
    assert (m.kind, m.text) == ("percent", "98.4대 1")
    text = "서울 아파트 평균 분양가는 3.3㎡당 4천812만원이다."
    assert text.__getitem__(slice(*answer_span(text, "amount", [], asked=Asked(prefer=preference("amount"))))) == "4천812만원"
    text = "무료 접종은 지난달 20일부터 4월 30일까지 이어진다."
    a, b = answer_span(text, "date", [], asked=Asked(bound=date_bound("무료 접종 언제까지 해?")))
    assert text[a:b] == "4월 30일"
    a, b = answer_span(text, "date", [], asked=Asked(bound=date_bound("언제부터 해?")))
    assert text[a:b] == "지난달 20일"


def test_a_verb_before_a_name_is_not_a_foreign_name():
    assert [m.group() for m in persons("노원구에서 소아과를 운영하는 최지훈 원장은 말했다")] == ["최지훈"]
    assert [m.group() for m in persons("마르코스 선수가 골을 넣었다")] == ["마르코스"]


def test_a_department_is_no_name_and_a_ministry_post_is_a_title():
    # 교육학과 is the professor's department, not a four-syllable name
    assert [m.group() for m in persons('김도연 한국교원대 교육학과 교수는 "신호"라고 말했다')] == ["김도연"]
    assert [m.group() for m in persons('윤태석 농식품부 유통소비정책관은 "안정될 것"이라고 말했다')] == ["윤태석"]
    assert [m.group() for m in persons('오현수 한화오션 영업담당 전무는 "협의 중"이라고 말했다')] == ["오현수"]


def test_a_denominator_never_answers_and_year_end():
    text = "외래환자 1천 명당 독감 의심 환자는 58.3명으로 집계됐다."
    a, b = answer_span(text, "count", [], near=[("외래환자",)], asked=Asked(unit="명"))
    assert text[a:b] == "58.3명"
    text = "추가 보조금 제도는 올해 연말까지 유지된다."
    assert text.__getitem__(slice(*answer_span(text, "date", []))) == "올해 연말"


_PHISHING = "이들은 피해자 213명에게서 모두 47억3천만원을 뜯어냈고, 1인당 최대 피해액은 3억2천만원에 달했다."
_CURTAILED = "올해 1∼9월 출력제한은 모두 87회로, 지난해 같은 기간(31회)의 2.8배에 달했다."


@pytest.mark.parametrize("text, question, qtype, expected", [
    (_PHISHING, "피해액이 모두 얼마야?", "amount", "47억3천만원"),  # a total, not the most one victim lost
    (_PHISHING, "1인당 최대 피해액은 얼마야?", "amount", "3억2천만원"),
    (_CURTAILED, "작년엔? (올해 출력제한은 몇 번이야?)", "count", "31회"),  # a follow-up about last year
    (_CURTAILED, "올해 출력제한은 몇 번이야?", "count", "87회"),
])
def test_totals_figures_per_person_and_the_year_of_a_follow_up(text, question, qtype, expected):
    from qa.asked import asked, period

    a, b = answer_span(text, qtype, [], asked=asked(question, qtype))
    assert text[a:b] == expected
    assert period("작년엔? (올해 출력제한은 몇 번이야?)") == "last"


def test_since_when_takes_the_date_whose_word_is_followed_by_buteo():
    from qa.asked import asked

    text = "창원에서 파업은 2019년 이후 6년 만이며, 노조는 오는 28일 첫차부터 전면 파업에 들어간다."
    a, b = answer_span(text, "date", [], asked=asked("파업 언제부터야?", "date"))
    assert text[a:b] == "오는 28일 첫차"


def test_an_explicit_percent_question_is_answered_by_a_percent_only():
    from qa.asked import asked

    q = asked("노조는 임금 몇 % 올려달래?", "percent")
    assert q.prefer == (("percent",),)
    assert answer_span("월평균 임금이 부산보다 50만원가량 적다.", "percent", [], asked=q) == \
        answer_span("월평균 임금이 부산보다 50만원가량 적다.", "other", [])
    # money lost is a sum of money, not the rate of a change
    assert asked("How much money did the victims lose in total?", "amount").prefer == (("amount",),)


def test_ages_with_particles_and_names_after_a_company():
    from qa.spans import _AGE

    assert _AGE.findall("정년을 현행 63살에서 65살로 연장") == ["63살", "65살"]
    assert [m.group() for m in persons('사용자 쪽 대표인 유성운송 한기석 대표는 "적자"라고 밝혔다')] == ["한기석"]
    assert [m.group() for m in persons('권혁민 한화오션 대표이사는 "수주"라고 밝혔다')] == ["권혁민"]
    assert [m.group() for m in persons('김태호 부산경찰청 형사기동대장은 "요구하지 않는다"라고 말했다')] == ["김태호"]


def test_which_day_needs_a_day_and_a_movement_takes_the_points():
    from qa.analyze import question_type
    from qa.asked import asked

    q = asked("수능은 지난달 며칠에 봤어?", "date")
    assert q.grain == "day"
    text = "지난달 치러진 수능은 국어와 수학 모두 어렵게 출제됐다."
    assert answer_span(text, "date", [], asked=q) == answer_span(text, "other", [])  # 지난달 is no day
    text = "65세 이상 고령층의 접종률은 78.1%로, 1년 전보다 2.4%p 낮았다."
    assert text.__getitem__(slice(*answer_span(text, "percent", [], asked=asked("작년보다 낮은 거야?", "percent")))) == "2.4%p"
    assert text.__getitem__(slice(*answer_span(text, "percent", [], asked=asked("접종률은 몇 퍼센트야?", "percent")))) == "78.1%"
    assert question_type("작년 같은 기간엔 경쟁률이 몇 대 1이었어?") == "percent"
    assert question_type("파업하면 버스 몇 대가 멈춰?") == "count"


def test_a_title_with_a_parenthesis_and_the_name_next_to_the_asked_words():
    assert [m.group() for m in persons("이영석 대원자동차 국내사업본부장(부사장)은 지난달 28일 말했다")] == ["이영석"]
    text = "공격수 박세찬의 도움을 받은 수비수 정태민이 동점골을 터뜨렸다."
    a, b = answer_span(text, "person", [(("동점골",), 2.0)], near=[("동점골",)])
    assert text[a:b] == "정태민"


def test_loanword_brand_names_meet_their_hangul_spelling():
    from index.translit import lexicon, matches
    from qa.analyze import term_list

    lex = lexicon("지난달 서초구 반포동에서 분양한 '반포 르네시엘'과 강서구 '마곡 더그랜드힐'이 경쟁했다.")
    assert matches("Renaissiel", lex) == ["르네시엘"]
    assert "더그랜드힐" in matches("Magok The Grand Hill", lex)
    assert matches("Samsung", lex) == []
    assert ("Magok The Grand Hill", True) in term_list(None, "Where is Magok The Grand Hill located?")


def test_last_years_figure_in_parentheses_is_not_a_gloss():
    from qa.asked import asked

    text = "전 영역 만점자는 6명으로 지난해(11명)의 절반 수준에 그쳤다."
    q = asked("작년엔 몇 명이었는데? (올해 수능 만점자 몇 명이야?)", "count")
    assert q.period == "last"
    assert text.__getitem__(slice(*answer_span(text, "count", [], asked=q))) == "11명"
    assert text.__getitem__(slice(*answer_span(text, "count", [], asked=asked("만점자 몇 명이야?", "count")))) == "6명"
    gloss = "총 계약 금액은 $2.1 billion(약 2조 9천억 원)으로 역대 최대다."
    assert gloss.__getitem__(slice(*answer_span(gloss, "amount", []))) == "$2.1 billion(약 2조 9천억 원)"


def test_company_names_through_their_suffix_word_or_their_own_romanization():
    from index.translit import lexicon, matches
    from qa.glossary import english_concepts

    lex = lexicon("대한정밀은 해운대에서 통영시와 협약했고, 한결테크와 세온메디컬도 참여했다.")
    assert matches("Daehan Precision", lex) == ["대한정밀"]
    assert matches("Hangyeol Tech", lex) == ["한결테크"]
    assert matches("Seon Medical", lex) == ["세온메디컬"]
    # Hanwha, Hyundai: a company's own romanization is not Revised Romanization (한화 = hanhwa)
    assert ("hanwha", ("한화",)) in [(w, c.korean) for w, c in english_concepts("How many runs did Hanwha score?")]


def test_romanized_korean_names_match_by_surname_and_syllables():
    from index.translit import lexicon, matches

    lex = lexicon("이도윤 선수와 오승민 원장, 손흥민, 노지훈, 임채원, 조현우, 양지은, 우상호가 참석했다.")
    assert matches("Lee Do-yoon", lex) == ["이도윤"] and matches("Do-yoon Lee", lex) == ["이도윤"]
    assert matches("Oh Seung-min", lex) == ["오승민"]  # not 손흥민: the surname decides
    assert matches("Roh Ji-hoon", lex) == ["노지훈"] and matches("Lim Chae-won", lex) == ["임채원"]
    assert matches("Cho Hyun-woo", lex) == ["조현우"] and matches("Yang Ji-eun", lex) == ["양지은"]
    assert matches("Kim Min-jae", lex) == []  # a Korean name the article does not have


def test_lengths_of_time_are_quantities_but_years_clock_times_and_match_minutes_are_not():
    def texts(t):
        return [(m.kind, m.text) for m in mentions(t)]
    assert texts("A씨에게 징역 12년을 선고했다") == [("quantity", "12년")]
    assert texts("징역 7년 6개월에 처했다") == [("quantity", "7년 6개월")]
    assert texts("80%까지 충전하는 데 18분이 걸린다") == [("percent", "80%"), ("quantity", "18분")]
    assert texts("78분에서 29분으로 줄어든다") == [("quantity", "78분"), ("quantity", "29분")]
    assert texts("오전 4시 52분께 꺼졌다") == [] and texts("후반 41분에 골을 넣었다") == []
    assert texts("2024년을 기점으로") == [("date", "2024년")]


def test_a_question_about_a_length_of_time_and_a_person_named_by_a_letter(kiwi):
    from qa.analyze import question_type, term_list
    from qa.asked import DURATION, count_unit, unit_ok

    for q in ("A씨는 징역 몇 년 받았어?", "충전하는 데 얼마나 걸려?", "How long does the trip take?"):
        assert question_type(q) == "count" and count_unit(q) == DURATION, q
    assert count_unit("몇 년에 설립됐어?") is None and question_type("몇 년에 설립됐어?") == "date"
    assert unit_ok("7년 6개월", DURATION) and unit_ok("18분", DURATION) and not unit_ok("1회", DURATION)
    assert ("C씨", True) in term_list(kiwi, "검찰이 C씨에게 구형한 형량은?")
    assert ("B씨", True) in term_list(kiwi, "B(39)씨는?")


def test_match_scores_are_figures_but_formations_are_not():
    from qa.analyze import question_type

    assert [(m.kind, m.text) for m in mentions("전북은 울산을 3-1로 제압했다")] == [("percent", "3-1")]
    assert mentions("울산은 4-4-2로 맞섰다") == ()
    assert [m.text for m in mentions("경쟁률은 98.4대 1로")] == ["98.4대 1"]  # still a ratio
    assert question_type("전북 울산 경기 몇 대 몇으로 끝났어?") == "percent"


def test_a_count_question_skips_a_length_of_time_when_a_count_is_there():
    text = "'아스트라 크로니클'은 출시 1년 만에 누적 다운로드 850만 건을 기록했다."
    a, b = answer_span(text, "count", [])
    assert text[a:b] == "850만 건"


def test_units_and_what_a_date_carries_after_it():
    cases = [("합동감식은 15일 오전 10시부터 진행됐다.", "date", "15일 오전 10시"),
             ("도는 오는 12일께 건의 여부를 결정한다.", "date", "오는 12일께"),
             ("2027년 이후 효과 분석 결과를 보고 결정할 계획이다.", "date", "2027년 이후"),
             ("정우진은 10회 말 끝내기 홈런을 쳤다.", "count", "10회 말"),
             ("차로는 1시간 40분이 걸린다.", "count", "1시간 40분"),
             ("미국 등 42개국에 출시한다.", "count", "42개국"),
             ("오징어 어획량은 지난해 4만1천t으로 급감했다.", "count", "4만1천t"),
             ("BOD는 지난해 2.1㎎까지 낮아졌다.", "count", "2.1㎎")]
    for text, qtype, want in cases:
        a, b = answer_span(text, qtype, [])
        assert text[a:b] == want, text


def test_a_spaced_korean_number_before_a_unit_is_one_quantity():
    text = "한빛에너지는 매년 약 2만 5천 톤의 수산화리튬을 공급받는다."
    assert [m.text for m in mentions(text)] == ["2만 5천 톤"]
    a, b = answer_span(text, "amount", [])
    assert text[a:b] == "약 2만 5천 톤"


def test_counts_in_native_korean_numerals():
    text = "의료원은 채용 공고를 여섯 차례 냈지만 지원자는 한 명도 없었고, 세 곳에 분원을 둔다. 세 번째 시도다. 두 배로 늘었다."
    assert [(m.text, m.key) for m in mentions(text)] == [("여섯 차례", "qty:6차례"), ("한 명", "qty:1명"), ("세 곳", "qty:3곳")]


def test_a_place_keeps_what_narrows_it_and_streams_are_places():
    cases = [("인터뷰에 응한 강원 정선군 임계면의 한 농민은 한숨을 쉬었다.", "강원 정선군 임계면"),
             ("정부는 광명역 예정지 인근에 공공주택을 짓는다.", "광명역 예정지 인근"),
             ("기자간담회는 서울 여의도 본사에서 열렸다.", "서울 여의도 본사"),
             ("수달 가족은 증심사천 합류 지점 부근에서 찍혔다.", "증심사천 합류 지점")]
    for text, want in cases:
        assert [text[a:b] for a, b in places(text)] == [want]
    assert places("주가는 3만8천450원에 거래를 마쳤다.") == ()  # a number before 천 is no stream


def test_a_korean_name_before_its_organisation_and_a_compound_title():
    cases = [("이정민 강원대 원예학과 교수는 \"고랭지도 더워진다\"고 말했다.", ["이정민"]),
             ("초대 관장에는 산업사 연구자인 정해린 전 울산대 사학과 교수가 임명됐다.", ["정해린"]),
             ("박정훈 경북도 농축산유통국장은 \"다음 달이 고비\"라고 말했다.", ["박정훈"]),
             ("김채원 강원지방기상청 예보관은 \"무거운 눈\"이라고 했다.", ["김채원"]),
             ("부임 2년 차인 김현준 포항 감독은 기자회견에서 말했다.", ["김현준"]),
             ("소아청소년과 전문의 이정민 과장은 6월 말 병원을 떠난다.", ["이정민"])]
    for text, want in cases:
        assert [m.group() for m in persons(text)] == want, text


def test_the_whole_a_part_is_taken_from_is_not_the_answer_unless_the_total_is_asked():
    from qa.asked import asked
    text = "한결테크는 지난 3월 전체 임직원 670명 가운데 120명을 내보냈다."
    a, b = answer_span(text, "count", [], near=[("임직원", "staff")], asked=asked("How many staff did it let go?", "count"))
    assert text[a:b] == "120명"
    a, b = answer_span(text, "count", [], near=[("임직원",)], asked=asked("전체 임직원은 모두 몇 명이야?", "count"))
    assert text[a:b] == "670명"
    assert [m.group() for m in persons("딸 은수(문나래 분)와 형사 강철민(서강현 분)의 이야기다.")] == ["문나래", "서강현"]


def test_how_often_is_answered_by_a_frequency():
    from qa.asked import asked
    from qa.analyze import question_type
    text = "시는 시민 모니터링단 150명을 모집해 오는 7월부터 매달 한 차례 하천 생태 조사를 벌일 계획이다."
    for q in ("시민 모니터링단은 얼마나 자주 하천 조사를 하나?", "How often will the monitors survey the rivers?"):
        assert question_type(q) == "count"
        a, b = answer_span(text, "count", [], asked=asked(q, "count"))
        assert text[a:b] == "매달 한 차례"
    text = "봉화군 산간마을에는 급수차가 하루 12차례 식수를 실어 나른다."
    a, b = answer_span(text, "count", [], asked=asked("How often does the water truck come?", "count"))
    assert text[a:b] == "하루 12차례"


def test_not_even_one_is_none_not_one():
    text = "의료원은 채용 공고를 여섯 차례 냈지만 지원자는 한 명도 없었다."
    a, b = answer_span(text, "count", [], near=[("지원자",)])
    assert text[a:b] == "한 명도 없었다"


def test_the_place_a_sentence_ranks_first_answers_a_superlative():
    from qa.asked import asked
    text = "서울이 1.2%로 2위였고, 부산이 1.6%로 가장 높았다."
    a, b = answer_span(text, "place", [], asked=asked("학업중단율이 가장 높은 지역은 어디야?", "place"))
    assert text[a:b] == "부산"


@pytest.mark.parametrize("text, figure", [
    ("누적 발급 건수는 1천120만장으로", "1천120만장"), ("1인당 대출 권수는 2.1권에 그쳤다", "2.1권"),
    ("처음에는 30종부터 공개한다", "30종"), ("유물 2만3천점을 소장", "2만3천점"), ("배추 1포기", "1포기"), ("지상 4층 규모", "4층"),
])
def test_counters_of_sheets_books_kinds_items_and_floors(text, figure):
    assert [m.text for m in mentions(text) if m.kind == "quantity"] == [figure]


@pytest.mark.parametrize("text", ["시장 점유율이 올랐다", "버스 종점에서", "10장소를"])
def test_a_word_starting_with_a_counter_is_no_count(text):
    assert not [m for m in mentions(text) if m.kind == "quantity"]


def test_a_count_and_a_bare_number_meet_by_value_and_native_months_are_a_length_of_time():
    from index.numbers import number_tokens
    assert "n:15" in number_tokens("적용 구간을 15곳으로 늘린다") and "n:15" in number_tokens("extended to 15 sections")
    assert "n:2.8" in number_tokens("동봉 탐방로 2.8㎞ 구간")
    assert not [t for t in number_tokens("2027년 3월 10:30에") if t.startswith("n:")]  # dates and clock times are no values
    assert [(m.text, m.key) for m in mentions("석 달 동안 진행됐다")] == [("석 달", "qty:3개월")]


@pytest.mark.parametrize("question, money", [
    ("이번 조사에 들어간 연구비는 얼마야?", True), ("공사비는?", True), ("투자액은 얼마?", True), ("보상금 얼마 받아?", True),
    ("관람료는?", True), ("작년 대비 얼마나 늘었어?", False), ("준비는 얼마나 됐어?", False), ("혈액 검사 몇 건 했어?", False),
    ("How big is the instant discount Haneul Pay offers?", False), ("What is the price of the Teraon?", True),
    ("대출 권수는 얼마였어?", False),
])
def test_a_noun_ending_names_a_sum_of_money(question, money):
    assert asks_money(question) is money


@pytest.mark.parametrize("text, found", [
    ("고성군 간성읍 국도 46호선 진부령 구간에서는 차량이 고립됐다", ["고성군 간성읍 국도 46호선 진부령 구간"]),
    ("충북 음성군에서 열렸다", ["충북 음성군"]), ("홍천에서 열린 축제", ["홍천"]),
    ("고령 운전자가 늘었다", []), ("음성 인식 기능", []), ("달성 목표를 세웠다", []),  # county names that are also words
])
def test_every_county_is_a_place_and_a_road_section_narrows_it(text, found):
    assert [text[a:b] for a, b in places(text)] == found


def test_english_county_names_find_the_korean_ones():
    assert korean_forms("Jeongseon County") == ("정선", "정선군") and korean_forms("Goseong") == ("고성", "고성군")


@pytest.mark.parametrize("text, found", [
    ("한화 김도균 감독은 \"초반 실점에도 버텼다\"고 말했다", ["김도균"]),  # the name before its title, not the team
    ("이정민 강원대 원예학과 교수는 말했다", ["이정민"]), ("우진이는 앞으로 더 성장할 선수라고 했다", []),
    ("[인터뷰: 윤태호 / 코드브릭 대표]", ["윤태호"]), ("[인터뷰] 유다인/오션아이 대표 \"찾아냅니다.\"", ["유다인"]),  # a broadcast tag
    ("청주지법 행정1부(부장판사 오세영)는 판결했다", ["오세영"]),  # a title before the name in brackets
])
def test_the_person_before_a_title(text, found):
    assert [m.group() for m in persons(text)] == found


def test_a_venue_keeps_the_hill_it_stands_on():
    text = "축제는 남망산 조각공원 일원에서 열렸다"
    assert [text[a:b] for a, b in places(text)] == ["남망산 조각공원 일원"]


def test_a_day_keeps_its_clock_time():
    from qa.fit import dates_in
    assert [t for _, _, t in dates_in("지난 14일 오전 3시 40분께 아파트에서 불이 났다.")] == ["지난 14일 오전 3시 40분"]


@pytest.mark.parametrize("text, kind, figure", [
    ("높이 8m의 '몬스터 월'", "quantity", "8m"), ("해발 400∼600m 지역", "quantity", "600m"),
    ("a $120m deal", "amount", "$120m"), ("1.2M users", "amount", "1.2M"),
])
def test_a_bare_m_is_metres_and_a_sum_keeps_its_sign(text, kind, figure):
    assert [(m.kind, m.text) for m in mentions(text)] == [(kind, figure)]


def test_measures_a_question_asks_for_and_a_length_of_time_before_a_limit():
    from qa.analyze import question_type
    from qa.asked import AREA, DURATION, LENGTH, WEIGHT, count_unit, unit_ok

    for q, unit in (("위성 무게는 몇 킬로그램이야?", WEIGHT), ("How heavy is the satellite?", WEIGHT),
                    ("How many tonnes of apples will it harvest?", WEIGHT), ("재배 면적은 얼마야?", AREA),
                    ("How many hectares does the orchard cover?", AREA), ("What is the camera's resolution?", LENGTH),
                    ("월평균 근로시간은 얼마야?", DURATION)):
        assert question_type(q) == "count" and count_unit(q) == unit, q
    assert question_type("When will residents weigh in?") == "date"  # a phrasal verb, no weight
    assert unit_ok("2천100t", WEIGHT) and unit_ok("24㎏", WEIGHT) and not unit_ok("14차례", WEIGHT)
    assert unit_ok("9천800㎡", AREA) and unit_ok("200㏊", AREA) and not unit_ok("3m", AREA)
    assert [m.text for m in mentions("설계 수명이 3년에 불과해")] == ["3년"]
    assert [m.text for m in mentions("최대 3년까지 연장")] == ["3년"]
    assert [m.kind for m in mentions("지난 2023년으로")] == ["date"]


def test_a_bare_period_follow_up_may_ask_how_it_was():
    from qa.asked import bare_period
    assert all(bare_period(q) for q in ("작년엔 어땠는데?", "작년엔 어땠어?", "1년 전에는?", "And last year?"))
    assert not bare_period("어때?") and not bare_period("그럼 서울은?")


def test_a_period_word_with_a_number_points_at_its_figure():
    from qa.asked import Asked
    from qa.fit import of_asked_period
    text = "가격은 ㎏당 4만3천원으로, 1년 전 3만6천500원보다 17.8% 올랐다."
    assert of_asked_period(text, text.index("3만6천500원"), Asked(period="last"))
    assert not of_asked_period(text, text.index("4만3천원"), Asked(period="last"))


@pytest.mark.parametrize("text, found", [
    ("대전 유성구 봉명동과 서구 둔산동 등 5곳에", ["대전 유성구 봉명동", "서구 둔산동"]),  # a neighbourhood narrows its district
    ("미국 캘리포니아주 반덴버그 우주군기지에서 발사되며", ["미국 캘리포니아주 반덴버그 우주군기지"]),  # a venue abroad
    ("대전 유성구 탑립동 대덕테크노밸리에 공장을", ["대전 유성구 탑립동 대덕테크노밸리"]),  # places a space apart are one
    ("군외면 대문리 일원에 센터를", ["군외면 대문리 일원"]), ("대소면 행정복지센터에서 집회를", ["대소면 행정복지센터"]),
    ("텍사스 애빌린의 스테어게이트(Stargate) AI 데이터센터를 둘러봤다", ["텍사스 애빌린의 스테어게이트(Stargate) AI 데이터센터"]),
    ("서구 국가들은", []), ("부산시장은 말했다", []),
])
def test_neighbourhoods_villages_and_venues_narrow_a_place(text, found):
    assert [text[a:b] for a, b in places(text)] == found


def test_latin_units_before_korean_particles_bit_rates_steps_and_minutes_with_seconds():
    from index.numbers import mentions

    def found(text):
        return [(m.text, m.kind) for m in mentions(text)]
    assert found("길이 9,600km의 이 케이블") == [("9,600km", "quantity")]  # no word break before 의
    assert found("무게가 20kg을 넘는다") == [("20kg", "quantity")]
    assert found("최대 전송 용량은 초당 240테라비트(Tbps)다.") == [("240테라비트", "quantity")]
    assert found("하루 1만보 이상 걷는다.") == [("1만보", "quantity")]
    assert found("1만보다 많다") == [("1만", "amount")]  # 보다 compares
    assert found("현장 도착까지는 평균 7분 48초가 걸렸다.") == [("7분 48초", "quantity")]
    assert found("무게는 184g이다.") == [("184g", "quantity")]  # grams; 5G is a network, no weight
    assert found("LTE와 5G 가입자") == []


def test_a_place_runs_on_over_its_road_building_and_floor():
    def found(text):
        return [text[a:b] for a, b in places(text)]
    assert found("투자 협약식은 서울 중구 을지로 한결에너지 본사에서 열렸다.") == ["서울 중구 을지로 한결에너지 본사"]
    assert found("전담 창구는 대전 서구 둔산동 청사 1층에 마련됐다.") == ["대전 서구 둔산동 청사 1층"]
    assert found("서울 강남구 테헤란로 152에 있다.") == ["서울 강남구 테헤란로 152"]
    assert found("부산 해운대구 주민들이 모였다.") == ["부산 해운대구"]  # 주민 is no place


def test_a_word_kiwi_breaks_into_one_syllable_nouns_is_one_term(kiwi):
    from qa.analyze import term_list

    # with no particle after them kiwi reads 감척 as 감 + 척 and 윤태경 as 윤 + 태 + 경(suffix)
    assert [t for t, _ in term_list(kiwi, "감척 신청한 어선은 몇 척이에요?")] == ["감척", "신청", "어선"]
    assert ("윤태경", True) in term_list(kiwi, "윤태경 계약 총액 얼마임?")  # (윤 read as a surname: a name)
    # only when the article writes the syllables together ("'오리엔트 펄'호" has no 펄호)
    article = "지난달 27일 '오리엔트 펄'호가 제주항에 들어왔다."
    terms = [t for t, _ in term_list(kiwi, "오리엔트 펄호 제주에 언제 들어왔어?", known=lambda w: w in article)]
    assert "펄호" not in terms and "오리엔트" in terms
    # a word with a particle is read whole already, and a noun with its suffix stays as kiwi reads it
    assert [t for t, _ in term_list(kiwi, "지방 예약률은 어느 정도야?")][:2] == ["지방", "예약"]


FIRE = "익산소방서에 따르면 불은 이날 오전 3시 40분께 시장 B동 수산물 골목의 한 건어물 점포에서 시작돼 약 5시간 만인 오전 8시 50분께 완전히 꺼졌다."


def test_a_date_is_the_one_the_questions_verb_is_said_of(kiwi):
    from qa.analyze import verb_forms
    from qa.asked import asked
    from qa.spans import answer_span

    def when(q, near=(), preds=()):
        a, b = answer_span(FIRE, "date", [], (), list(near), asked(q, "date"), preds=list(preds))
        return FIRE[a:b]

    out = [forms for _, forms in verb_forms(kiwi, "그럼 다 꺼진 건 언제고?")]
    assert out and "꺼졌" in out[0] and "꺼진" in out[0]
    assert when("그럼 다 꺼진 건 언제고?", preds=out) == "오전 8시 50분께"
    assert when("What time did the fire start?", near=[("start", "시작")]) == "오전 3시 40분께"
    # a verb of the question outweighs a word an earlier question carries: "(What time did the fire start?)"
    assert when("그럼 다 꺼진 건 언제고?", near=[("start", "시작")], preds=out) == "오전 8시 50분께"
    # the words after a comma are the next item's: 개시 is said of 2029년 12월, not of 2026년 하반기
    text = "착공은 오는 2026년 하반기, 상업운전 개시는 2029년 12월이 목표다."
    a, b = answer_span(text, "date", [], (), [("상업운전",), ("개시", "시작")], asked("상업운전은 언제 시작해?", "date"))
    assert text[a:b] == "2029년 12월"
    assert verb_forms(kiwi, "몇 경기 나왔어?") == [] and verb_forms(kiwi, "How long?") == []  # a light verb, English


def test_a_figure_the_question_states_is_not_its_answer():
    from qa.asked import asked
    from qa.spans import answer_span

    q = "How many humanities departments couldn't fill even 80% of their places?"
    a = asked(q, "count")
    assert a.given == ("80",) and a.prefer[0] == ("count",)  # a stated 80% asks for no percent
    assert asked("몇 %야?", "percent").given == () and asked("1천500명 가운데 몇 명?", "count").given == ()
    text = "특히 인문계열 6개 학과 가운데 4곳은 올해 정원의 80%도 채우지 못했다."
    s, e = answer_span(text, "count", [], (), [], a)
    assert text[s:e] == "4곳"  # not the 80% it states, nor the six departments the four are taken from


def test_to_how_much_asks_the_new_level_and_an_arrow_marks_the_old_one():
    from qa.asked import asked
    from qa.spans import answer_span

    a = asked("대양은행 비대면 신용대출 한도는 얼마로 줄어드나요", "amount")
    assert a.prefer == (("amount",),)  # the new limit, not the rate a sentence also gives
    assert asked("대출 한도는 얼마나 줄어드나요", "amount").prefer[0] == ("percent",)  # "by how much": the change
    text = "새빛은행은 금리를 0.15%포인트 인상했고, 대양은행은 비대면 신용대출 한도를 1억원에서 5천만원으로 줄인다."
    s, e = answer_span(text, "amount", [(("대양은행",), 3.5)], (), [("한도",)], a)
    assert text[s:e] == "5천만원"
    head = "전주시, 고령운전자 면허 반납 지원금 30만원→50만원 상향"
    s, e = answer_span(head, "amount", [], (), [("지원금",)], asked("면허 반납 지원금이 얼마로 오르나요?", "amount"))
    assert head[s:e] == "50만원"


def test_of_which_asks_for_the_part_given_after_this_whole():
    from qa.asked import asked
    from qa.spans import answer_span

    a = asked("그중 산림 피해는? (재산 피해 규모는 얼마로 집계됐어?)", "amount")
    assert a.part and not asked("산림 피해는?", "amount").part
    text = "재산 피해액은 412억원으로 잠정 집계됐으며, 이 가운데 산림 피해액이 287억원을 차지했다."
    terms = [(("산림",), 2.3), (("피해",), 2.3), (("집계",), 2.7)]  # (집계 is the earlier question's word)
    s, e = answer_span(text, "amount", terms, (), [("산림",), ("피해",), ("집계",)], a)
    assert text[s:e] == "287억원"
    s, e = answer_span(text, "amount", terms, (), [("산림",), ("피해",), ("집계",)], asked("재산 피해 규모는 얼마로 집계됐어?", "amount"))
    assert text[s:e] == "412억원"  # the whole, when the question asks no part


def test_a_romanized_port_station_or_village_and_a_loanword_brand():
    from index.translit import lexicon, matches
    lex = lexicon("어란항에는 김 운반선이 들어온다. 해남군 송지면 어란리에서는 양식이 한창이다. 계양역에서 20분이 걸린다. "
                  "서울 노바스타가 우승했다. 올데이24의 PB 매출이 늘었다.")
    assert matches("Eoran", lex) == ["어란", "어란리"]  # the name before 리 (or 항), and the word itself
    assert matches("Gyeyang", lex) == ["계양", "계양역"]
    assert matches("NovaStar", lex) == ["노바스타"]  # Korean drops the r of "star"
    assert matches("Samsung", lex) == []

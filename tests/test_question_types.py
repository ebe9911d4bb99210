"""Question types and the candidates each type looks for (pure functions, no model)."""
import pytest

from qa.analyze import question_type
from qa.asked import Asked, asks_money, preference
from qa.spans import answer_span, has_type, organisations
from qa.followup import resolve


@pytest.mark.parametrize("q, qtype", [
    ("Who is the CEO of Amazon?", "person"),
    ("Who took the photo of Sam Altman?", "person"),
    ("누가 수율 안정화가 관건이라고 말했어?", "person"),
    ("Who is Hanbit's partner in the joint venture?", "party"),
    ("Which company is described as OpenAI's competitor?", "party"),
    ("오픈AI의 경쟁사로 언급된 기업은?", "party"),
    ("김도현 대표는 기공식에서 뭐라고 말했어?", "quote"),
    ("What stake does Hanbit Energy hold?", "percent"),
    ("What is the ECB's new deposit rate?", "percent"),
    ("What is the deposit rate?", "definition"),
    ("What could the capital inflow do to chip and server prices?", "other"),
    ("How old is Elena Marchetti?", "age"),
    ("2월 유로존 물가상승률은?", "percent"),
    ("What share of its annual order target has Hanwha Ocean reached?", "percent"),
    ("What is the total value of the deal?", "amount"),
    ("What is the extra one-way charge for bringing a car on board?", "amount"),  # a charge is money
    ("Why did the number of workation participants jump so sharply?", "reason"),  # "why" over "number of"
    ("참가자 수가 왜 이렇게 늘었어?", "reason"),
    ("왜 그 사람은 뭐라고 했어?", "quote"),  # what was said stays a quote
    ("What was the typhoon's central pressure when it made landfall?", "other"),  # "when" opens a clause
    ("How much did it cost when it opened?", "amount"),
    ("And when did it make landfall?", "date"),
    ("국민연금 보험료율 얼마까지 올라?", "percent"),  # a rate asked with 얼마
    ("원·달러 환율은 얼마로 마감했어?", "amount"),  # the exchange rate is a price in won
    ("블루하임 데뷔한 지 몇 년 됐어?", "count"),  # a length of years, not a year
    ("창원 버스 파업 몇 년 만이야?", "count"),
    ("몇 년에 설립됐어?", "date"),
])
def test_question_type(q, qtype):
    assert question_type(q) == qtype


def test_organisations_take_the_glossed_name_not_the_words_before_it():
    text = "호주 광산업체 서던크로스 리튬(Southern Cross Lithium)과 계약을 맺었다. 인공지능(AI) 칩"
    assert [m.group() for m in organisations(text)] == ["서던크로스 리튬(Southern Cross Lithium)"]
    assert [m.group() for m in organisations("이 소식은 먼저 The Information이 보도했다.")] == ["The Information"]


def test_party_question_answered_by_a_company_person_question_is_not():
    text = "이번 공장은 미국 완성차 업체 리버튼 모터스(Riverton Motors)와 세운 합작 법인이 운영한다."
    assert has_type(text, "party") and not has_type(text, "person")
    a, b = answer_span(text, "party", [])
    assert text[a:b] == "리버튼 모터스(Riverton Motors)"


def test_names_in_the_question_are_not_the_answer():
    text = "마이크로소프트(Microsoft)는 앤트로픽(Anthropic)에 투자한다."
    a, b = answer_span(text, "party", [], exclude=("microsoft", "마이크로소프트"))
    assert text[a:b] == "앤트로픽(Anthropic)"


def test_count_with_korean_myriad_unit_and_reason_clause():
    assert has_type("이는 전기차 약 40만 대에 탑재할 수 있는 물량이다.", "count")
    text = "Economic growth is forecast at 0.9% this year, revised down from 1.1%, largely because of weaker exports."
    a, b = answer_span(text, "reason", [((("growth",), 1.0)), ((("forecast",), 1.0))])
    assert text[a:b].startswith("largely because of weaker exports")


def test_glossed_figure_is_one_answer_and_the_word_next_to_it_picks_it():
    text = "신조선가는 이달 초 기준 $256 million(약 3,530억 원)으로, 1년 전보다 3.2% 올랐다."
    a, b = answer_span(text, "amount", [], near=[("올랐", "상승")], asked=Asked(prefer=preference("amount", rate=True)))
    assert text[a:b] == "3.2%"
    text = "총 계약 금액은 $2.1 billion(약 2조 9천억 원)으로, 역대 최대 규모다."
    a, b = answer_span(text, "amount", [], near=[("계약",)])
    assert text[a:b] == "$2.1 billion(약 2조 9천억 원)"


def test_age_needs_an_age():
    assert has_type("권혁민(58) 대표는 취임했다.", "age") and not has_type("중동 선주 3곳과 협의", "age")


def test_particle_before_comma_ends_a_clause_but_a_bare_noun_lists():
    from qa.spans import clauses
    t = "HD한국조선해양은 9척을, 삼성중공업은 7척을 수주했다."
    assert [t[a:b] for a, b in clauses(t)] == ["HD한국조선해양은 9척을,", "삼성중공업은 7척을 수주했다."]
    t = "대규모 자금은 연구·개발(R&D), 데이터센터 확장, 칩 통합을 가능하게 한다."
    assert len(clauses(t)) == 1
    t = "학업중단율은 초등학교 0.9%, 중학교 1.0%, 고등학교 2.3%로 고등학교가 가장 높았다."
    assert len(clauses(t)) == 1  # a list of figures


def test_year_follow_up_asks_the_previous_question_about_another_year(kiwi):
    from qa.followup import resolve
    assert resolve(kiwi, "And for 2032?", ["What inflation do ECB staff expect for 2031?"]) == \
        "What inflation do ECB staff expect for 2032?"
    assert resolve(kiwi, "2032년은?", ["2031년 물가 전망은?"]) == "2032년 물가 전망은?"


def test_follow_up_with_its_own_subject_and_question_stands_alone(kiwi):
    from qa.followup import resolve
    assert resolve(kiwi, "지분은 어떻게 나뉘어?", ["공장은 누가 운영해?"]) == "지분은 어떻게 나뉘어?"
    assert resolve(kiwi, "When was that?", ["How much has Microsoft invested in OpenAI?"]) == \
        "When has Microsoft invested in OpenAI?"


def test_korean_company_gloss_is_not_a_person_and_ranges_stay_whole():
    from qa.spans import persons
    text = "한화오션(Hanwha Ocean)이 니코스 파파도풀로스(Nikos Papadopoulos) 최고경영자와 계약했다."
    assert [m.group() for m in persons(text)] == ["니코스 파파도풀로스(Nikos Papadopoulos)"]
    text = "중국 조선사는 한국보다 10~15% 낮은 가격을 내세웠다."
    a, b = answer_span(text, "percent", [])
    assert text[a:b] == "10~15%"


def test_romanized_korean_name_with_hyphen_is_one_name(kiwi):
    from qa.analyze import term_list
    assert ("Kwon Hyuk-min", True) in term_list(kiwi, "When did Kwon Hyuk-min take office?")
    assert [t for t, _ in term_list(kiwi, "What about OpenAI and Amazon?")] == ["OpenAI", "Amazon"]


def test_clause_continuing_the_subject_keeps_it():
    text = ("The ECB raised its deposit rate to a record 4% in 2023 to fight the surge in prices, "
            "and began cutting it in June 2024.")
    terms = [(("ecb",), 3.0), (("start", "began", "begin"), 1.0), (("cut",), 1.0), (("rate",), 1.0)]
    a, b = answer_span(text, "date", terms, near=[("start", "began", "begin"), ("cut",)])
    assert text[a:b] == "June 2024"


def test_hangul_name_finds_its_latin_spelling_when_korean_drops_an_r():
    from index import translit
    lex = translit.lexicon("said Martin Keller, chief economist at Hartmann Bank in Frankfurt.")
    assert translit.matches("마틴", lex) == ["Martin"]
    assert translit.matches("프랑크푸르트", lex) == ["Frankfurt"]
    assert translit.matches("마르코", lex) == []


def test_a_school_or_medical_center_is_found_by_its_korean_ending():
    from index import translit
    lex = translit.lexicon("내촌초는 영어 캠프를 연다. 내촌면 주민들이 모였다. 산하의료원 소아과는 문을 닫았다.")
    assert translit.compound("Naechon Elementary", lex) == ["내촌초"]
    assert translit.compound("Sanha Medical Center", lex) == ["산하의료원"]


def test_a_place_after_at_is_where_not_the_recipient():
    from qa.analyze import roles
    assert roles("When is the English camp held at Naechon Elementary?", ["English", "Naechon Elementary"]) == \
        ("English", None)
    assert roles("How much did Microsoft invest in OpenAI?", ["Microsoft", "OpenAI"]) == ("Microsoft", "OpenAI")


@pytest.mark.parametrize("question, history, resolved", [
    ("SK하이닉스는?", ["삼성전자 영업이익은 얼마야?"], "SK하이닉스 영업이익은 얼마야?"),
    ("작년보다 얼마나 늘었어?", ["한결반도체 3분기 영업이익 얼마야?"], "작년보다 얼마나 늘었어? (한결반도체 3분기 영업이익 얼마야?)"),
    ("7개월째부터는?", ["육아휴직 급여 상한은 얼마로 올라?"], "7개월째부터는? (육아휴직 급여 상한은 얼마로 올라?)"),
    ("In which provinces?", ["How many people died?"], "In which provinces? (How many people died?)"),
    ("And the refinancing rate?", ["What is the new deposit rate?"], "What is the refinancing rate?"),
    ("And operating profit?", ["What was the third-quarter revenue?"], "What was operating profit?"),
    ("Really?", ["아마존은 얼마를 투자했어?"], "Really?"),
    # an earlier period: the same question, its figure picked by the period word ("지난해 같은 기간 314만명")
    ("작년 같은 기간은?", ["올해 상반기 피해액은 얼마야?"], "작년 같은 기간은? (올해 상반기 피해액은 얼마야?)"),
    ("1년 전에는?", ["발급량은 몇 장이야?"], "1년 전에는? (발급량은 몇 장이야?)"),
    ("And a year earlier?", ["What share were foreigners?"], "And a year earlier? (What share were foreigners?)"),
    # the other end of the same ranking
    ("그럼 제일 비싼 데는?", ["가장 싼 곳은 얼마야?"], "제일 비싼 곳은 얼마야?"),
    # several words: a new qualifier of a word the earlier question has, or a new topic of several words
    ("중산리 코스는?", ["설악산 오색 코스에는 하루에 몇 명까지 들어가?"], "설악산 중산리 코스에는 하루에 몇 명까지 들어가?"),
    ("반려묘 혈액검사는?", ["반려견 스케일링은 평균 얼마 들어?"], "반려묘 혈액검사는 평균 얼마 들어?"),
    # a place replaces a place, not the first name of the same shape; how things stand now; when, asked of a count
    ("And the US share?", ["What share of SME exports went to China?"], "What share of SME exports went to US?"),
    ("지금은?", ["1년에 몇 기까지 만들 수 있어?"], "지금은? (1년에 몇 기까지 만들 수 있어?)"),
    ("And what is it now?", ["What was the quit rate before?"], "And what is it now? (What was the quit rate before?)"),
    ("그건 언제 한대?", ["업체 몇 곳을 점검한대?"], "그건 언제 한대? (업체 몇 곳을 점검한대?)"),
    ("그럼 육식공룡은?", ["초식공룡 발자국은 몇 개 나왔어?"], "육식공룡 발자국은 몇 개 나왔어?"),  # the whole word
    # a common noun replaces the topic noun, not a name elsewhere; a numbered group replaces a numbered group
    ("그럼 기준치는?", ["측정된 소음 최고치는 몇 데시벨이었어?"], "측정된 소음 기준치는 몇 데시벨이었어?"),
    ("30대는?", ["이용자 중 20대 비율은 얼마야?"], "이용자 중 30대 비율은 얼마야?"),
    # "And …" saying little of its own may be longer; one with words of its own stands alone
    ("And how much was it before?", ["How much will Jeonju now give older drivers?"],
     "And how much was it before? (How much will Jeonju now give older drivers?)"),
    ("And when was construction finished?", ["How much did the bridge cost?"], "And when was construction finished?"),
    # a pointer at the person just asked about may be longer (the engine puts the name in); not after another question
    ("What is that official's job title?", ["Who at the Ministry of Environment asked people to stay indoors?"],
     "What is that official's job title? (Who at the Ministry of Environment asked people to stay indoors?)"),
    ("What does he plan to do with the dock space that's left?", ["When did the yard open?"],
     "What does he plan to do with the dock space that's left?"),
])
def test_follow_ups_without_a_subject_keep_the_earlier_question_as_context(kiwi, question, history, resolved):
    assert resolve(kiwi, question, history) == resolved


def test_context_in_parentheses_does_not_change_the_question_type():
    assert question_type("When was it signed? (How much did OpenAI commit to AWS?)") == "date"


def test_a_yes_no_follow_up_about_a_change_asks_by_how_much(kiwi):
    resolved = resolve(kiwi, "작년보다 늘었어?", ["올해 출생아 수 몇 명이야?"])
    assert resolved == "작년보다 늘었어? (올해 출생아 수 몇 명이야?)"
    assert question_type(resolved) == "count"
    assert preference("count", rate=True)[0] == ("percent",)


def test_a_follow_up_noun_replaces_the_whole_word_of_the_earlier_topic(kiwi):
    assert resolve(kiwi, "배당은?", ["자사주 얼마나 사?"]) == "배당 얼마나 사?"
    assert question_type("영업이익률은?") == "percent" and question_type("HBM 비중은 몇 %야?") == "percent"
    assert question_type("누적 강수량 제일 많은 곳은?") == "place"


def test_next_month_is_a_date_and_which_city_asks_for_a_place():
    from qa.analyze import question_type

    text = "또 내달부터는 신혼부부 특별공급 시 배우자의 과거 당첨 이력을 따지지 않기로 했다."
    a, b = answer_span(text, "date", [])
    assert text[a:b] == "내달"
    assert question_type("In which provinces?") == "place"
    assert question_type("Who runs OpenAI?") == "person"
    assert question_type("어느 지역에서 가장 많이 팔렸어?") == "place"
    # "X를 위한 조치" gives a purpose; "대책을 위한 회의" names a meeting, not a reason
    assert has_type("세액공제 요건을 충족하기 위한 조치로 보고 있다.", "reason")
    assert not has_type("'저출생 추세 반전을 위한 2단계 대책'을 확정했다.", "reason")


def test_a_cut_is_not_answered_by_a_hike_and_takes_the_basis_points():
    from qa.asked import asked, direction
    from qa.fit import sentence_fit

    q = asked("By how much did the ECB cut its deposit rate?", "amount")
    assert q.direction == "down" and direction("금리를 0.25%p 인상했다") == "up"
    hike = "The ECB raised its deposit rate to a record 4% in 2023."
    cut = "The ECB cut its deposit rate by 25 basis points to 2.25% on Thursday."
    assert sentence_fit(cut, "amount", q) > sentence_fit(hike, "amount", q)
    a, b = answer_span(cut, "amount", [], asked=q)
    assert cut[a:b] == "25 basis points"


def test_measure_words_per_unit_and_age_ranges():
    from qa.analyze import question_type
    from qa.asked import asked
    from qa.spans import _AGE

    assert question_type("What is output curtailment?") == "definition"
    assert question_type("What was the output of the plant?") == "amount"
    q = asked("How much will industrial electricity rates go up per kWh?", "amount")
    assert q.per_unit and q.direction == "up" and q.prefer[0] != ("percent",)
    text = "산업용 전기요금을 kWh(킬로와트시)당 평균 12.5원 올려, 요금은 평균 7.8% 오르게 된다."
    a, b = answer_span(text, "amount", [], asked=q)
    assert text[a:b] == "12.5원"
    assert _AGE.findall("7~12세가 가장 많았고, 13~18세가 뒤를 이었다") == ["7~12세", "13~18세"]


def test_a_sentence_saying_what_kind_of_thing_x_is_defines_it():
    assert has_type("멤브레인(membrane)형 화물창은 얇은 금속막으로 LNG를 감싸고 하중은 선체가 지탱하도록 설계한 방식이다.", "definition")
    assert has_type("출력제한은 전력 공급이 수요를 웃돌 때 발전을 강제로 멈추게 하는 조치다.", "definition")
    assert not has_type("도는 내년 상반기 1차 사업 대상 농가 300곳을 선정할 예정이다.", "definition")


def test_a_question_about_several_places_gets_every_place_listed():
    from qa.asked import asked

    text = "사망자는 경기 4명, 충남 3명이며, 실종자 2명은 모두 충남 공주에서 나왔다."
    a, b = answer_span(text, "place", [], asked=asked("In which provinces? (How many people died?)", "place"))
    assert text[a:b] == "경기 4명, 충남 3명"
    assert text.__getitem__(slice(*answer_span(text, "place", [], asked=asked("Where?", "place")))) != "경기 4명, 충남 3명"


def test_words_that_open_an_english_question_are_not_names(kiwi):
    from qa.analyze import term_list

    assert term_list(kiwi, "Until when is the snowfall expected to continue?") == []
    assert [t for t, _ in term_list(kiwi, "Once the new plant is running, what will Sehwa make?")] == ["Sehwa"]
    assert [t for t, _ in term_list(kiwi, "Roughly what share of the route is underground?")] == []


def test_body_names_join_of_and_but_a_person_stays_apart(kiwi):
    from qa.analyze import term_list
    names = lambda q: [t for t, _ in term_list(kiwi, q)]  # noqa: E731
    assert names("How many buoys will the Ministry of Oceans and Fisheries have?") == ["Ministry of Oceans and Fisheries"]
    assert names("Did Bank of Korea and Samsung agree?") == ["Bank of Korea", "Samsung"]
    assert names("What did Yoon Jae-seok of Korea Airports Corporation say?") == ["Yoon Jae-seok",
                                                                                 "Korea Airports Corporation"]
    # a month is a term, written 3월 in a Korean article
    assert names("How much rain has fallen since March 1?") == ["March"]


def test_a_korean_follow_up_replaces_the_topic_of_the_question_or_the_noun_qualifying_it(kiwi):
    from qa.followup import resolve
    assert resolve(kiwi, "셔틀버스는?", ["내년 축제 때 임시주차장은 몇 곳 더 늘려?"]) == "내년 축제 때 셔틀버스는 몇 곳 더 늘려?"
    assert resolve(kiwi, "청소년은?", ["성인 관람료는 얼마야?"]) == "청소년 관람료는 얼마야?"


def test_a_year_follow_up_replaces_last_year(kiwi):
    from qa.followup import resolve
    assert resolve(kiwi, "What about in 2014?", ["How much squid was caught last year?"]) == \
        "How much squid was caught in 2014?"
    assert resolve(kiwi, "2014년은?", ["작년 오징어 어획량은 얼마야?"]) == "2014년 오징어 어획량은 얼마야?"


def test_what_someone_said_is_a_quote_question_whatever_it_is_about():
    from qa.analyze import question_type
    assert question_type("What did Lee Jung-hoon say about how long a single shot protects?") == "quote"
    assert question_type("What did director Jeong say about the chimneys?") == "quote"
    assert question_type("How long did it take?") == "count"


def test_a_korean_where_about_a_kind_of_company_asks_which_company():
    from qa.analyze import question_type
    assert question_type("이번 LNG선을 발주한 선사는 어디야?") == "party"
    assert question_type("가장 많은 승객을 태운 항공사는 어디야?") == "party"
    assert question_type("본사는 어디야?") == "place"


def test_the_name_of_a_thing_is_no_person_and_a_past_question_wants_no_date_ahead():
    from qa.answer import _PAST_Q
    assert question_type("불이 난 아파트 단지 이름이 뭐야?") not in ("person", "party")
    assert question_type("한결테크 주력 제품 이름이 뭐예요?") not in ("person", "party")
    assert question_type("결승골 넣은 선수 이름이 뭐야?") == "person"
    assert [bool(_PAST_Q.search(q)) for q in ["특례대출은 언제 처음 생겼어?", "실적 언제 발표했어?", "언제 개통하나요?",
                                               "언제 있어?", "언제 하겠어?", "When did it open?"]] == \
        [True, True, False, False, False, True]


@pytest.mark.parametrize("q", ["공단이 예약제를 넓히기로 한 배경은 뭐야?", "도서관 문 닫는 시간을 늦추기로 한 계기는 뭐야?",
                               "배터리가 과열된 원인은 뭐였어?", "펫보험 가입률 저조의 원인은?"])
def test_background_occasion_and_cause_ask_why(q):
    assert question_type(q) == "reason"


@pytest.mark.parametrize("q, qtype", [
    ("정하윤 교수는 수달 개체 수 증가가 무엇을 뜻한다고 말했나?", "quote"),
    ("서지우 연구위원은 소비자에게 무엇을 확인하라고 조언했어?", "quote"),
    ("언제 개통한다고 했어?", "date"),  # a date asked through what was said is still a date
    # a stated position or reaction is what someone said
    ("예약제 확대에 대해 양양군수는 어떤 입장을 밝혔나?", "quote"),
    ("How did the mayor respond to the strike?", "quote"),
    ("What is the union's position on the wage offer?", "quote"),
])
def test_what_someone_reported_is_a_quote_question(q, qtype):
    assert question_type(q) == qtype


@pytest.mark.parametrize("q, qtype", [
    # a person by their role: "Which … official", "Which doctor"
    ("Which Busan city official is quoted about the scheme?", "person"),
    ("Which doctor did the report interview about heatstroke?", "person"),
    ("Which Samsung Lions pitcher gave up the winning home run?", "person"),
    ("What does the expert say about it?", "other"),  # what someone said, not who
    ("What sales goal did CEO Oh Seung-min set by 2030?", "other"),
])
def test_which_role_asks_for_a_person(q, qtype):
    assert question_type(q) == qtype


@pytest.mark.parametrize("q", ["What is the new hourly rate for swimming instructors?",
                               "How much is a bag of Hangyeol's rice-flour bread?",
                               "What does a kilogram of powdered-rice flour cost?"])
def test_a_rate_of_pay_and_the_price_of_one_thing_ask_a_sum_of_money(q):
    from qa.asked import asks_money
    assert question_type(q) == "amount" and asks_money(q)
    assert question_type("What is the unemployment rate in Seoul?") == "percent"



def test_turbines_reactors_seats_and_votes_are_counted_in_their_korean_counters():
    from qa.asked import count_unit
    assert [count_unit(f"How many {w} are there?") for w in ("turbines", "reactors", "seats", "votes")] == \
        ["기", "기", "석", "표"]


@pytest.mark.parametrize("text, chosen, expected", [
    ("'오픈 스튜디오'는 오는 6월 14일과 15일 이틀간 열린다.", "오는 6월 14일", "오는 6월 14일과 15일"),
    ("주말마다 오전 10시와 오후 2시 두 차례 해설 프로그램을 운영한다.", "오후 2시", "오전 10시와 오후 2시"),
    ("착공은 2024년 3월, 준공은 2026년 12월이다.", "2026년 12월", "2026년 12월"),  # another event's date stays out
])
def test_a_date_answer_takes_the_dates_joined_to_it(text, chosen, expected):
    from qa.spans import joined_dates

    a = text.index(chosen)
    s, e = joined_dates(text, a, a + len(chosen))
    assert text[s:e] == expected


def test_a_followup_noun_replaces_the_topic_not_the_name_before_it(kiwi):
    # "옵션은?" after "윤태경 계약금은 얼마 받아?" asks for 윤태경's option, not the option's 계약금
    assert resolve(kiwi, "옵션은?", ["윤태경 계약금은 얼마 받아?"]) == "윤태경 옵션은 얼마 받아?"
    # a common noun before the topic still qualifies it: "청소년은?" after "성인 관람료는 얼마야?"
    assert resolve(kiwi, "청소년은?", ["성인 관람료는 얼마야?"]) == "청소년 관람료는 얼마야?"


def test_an_english_what_about_followup_keeps_what_was_asked(kiwi):
    # "What's" opens the earlier question too; "first class" names no measure, so the fare asked stays as context
    assert resolve(kiwi, "What about first class?", ["What's the regular KTX fare between Seoul Station and Geoje?"]) == \
        "What is first class? (What's the regular KTX fare between Seoul Station and Geoje?)"
    # a follow-up naming the earlier head ("rate") or a measure of its own ("operating profit") stands alone
    assert resolve(kiwi, "And the refinancing rate?", ["What is the new deposit rate?"]) == "What is the refinancing rate?"
    assert resolve(kiwi, "And operating profit?", ["What was Hangyeol Semiconductor's third-quarter revenue?"]) == \
        "What was operating profit?"


def test_a_question_opening_with_a_plain_word_names_nothing(kiwi):
    from qa.analyze import term_list

    assert term_list(kiwi, "Out of how big a total area?") == []
    assert ("NovaStar", True) in term_list(kiwi, "Roughly how much did NovaStar win?")


def test_names_with_an_age_and_a_team_are_persons():
    from qa.spans import persons
    assert [m.group() for m in persons("국내 남자부에서는 최태양(25·대전시청)이 1위를 차지했다.")] == ["최태양"]
    assert [m.group() for m in persons("여자부에서는 에티오피아의 메세렛 알레무(29)가 우승했다.")] == ["메세렛 알레무"]
    assert [m.group() for m in persons("최고령 참가자(81)가 완주했다.")] == []  # a description, no name


def test_a_korean_name_glossed_in_romanization_is_no_organisation():
    text = "윤서진(Yoon Seo-jin) 다올식품 대표는 말했다. 다올식품(Daol Foods)은 수출했다."
    assert [m.group() for m in organisations(text)] == ["다올식품(Daol Foods)"]


def test_times_a_week_is_a_frequency():
    from qa.asked import FREQUENCY, count_unit
    assert count_unit("수업은 일주일에 몇 번 해?") == FREQUENCY
    assert count_unit("하루에 몇 회 운행해?") == FREQUENCY
    assert count_unit("몇 번 우승했어?") != FREQUENCY  # a count of wins, not how often


def test_a_quoted_product_is_no_organisation_but_a_quoted_firm_is():
    text = ("회사는 유럽 시장을 겨냥해 맵기를 낮춘 '불꽃라면 마일드(Bulkkot Mild)'를 내놓는다. "
            "설계는 네덜란드 건축사무소 '폴데르 아키텍츠(Polder Architects)'가 맡았다.")
    assert [m.group() for m in organisations(text)] == ["폴데르 아키텍츠(Polder Architects)"]


def test_a_term_in_years_is_a_length_and_pay_is_money():
    assert question_type("윤태민 계약 기간은 몇 년이야?") == "count"
    assert question_type("몇 년 계약이야?") == "count"
    assert asks_money("야간 전담 인력의 시급은 얼마야?")
    assert asks_money("라이더들은 한 달에 평균 얼마 정도 벌었어?")


def test_when_an_age_rule_changes_is_a_date_question():
    assert question_type("검진 나이 기준 바뀌는 거 언제부터야?") == "date"
    assert question_type("How old was he when he joined?") == "age"


def test_a_follow_up_noun_replaces_what_was_asked_about(kiwi):
    # no topic marked: the noun right before the question word is what the earlier question asked about
    assert resolve(kiwi, "자전거는?", ["신규 대여소 몇 곳 만든대?"]) == "신규 자전거 몇 곳 만든대?"
    assert resolve(kiwi, "라테는?", ["해오름커피 아메리카노 얼마로 올라?"]) == "해오름커피 라테 얼마로 올라?"
    # a sibling of the topic replaces the topic, not the word before it; a place replaces a place
    assert resolve(kiwi, "야드크레인은?", ["8부두 안벽크레인은 몇 대야?"]) == "8부두 야드크레인은 몇 대야?"
    assert resolve(kiwi, "일본은?", ["북미 스타디움 공연은 몇 회나 매진됐어?"]) == "일본 스타디움 공연은 몇 회나 매진됐어?"
    assert resolve(kiwi, "청소년은?", ["성인 관람료는 얼마야?"]) == "청소년 관람료는 얼마야?"


def test_the_price_of_a_measure_is_money():
    assert asks_money("국산 참조기 1kg에 얼마 해?") and asks_money("한 병에 얼마야?")
    assert not asks_money("하루에 몇 톤 나와?")


def test_places_counted_in_gunde_and_parking_tickets_in_cases():
    from qa.asked import count_unit
    assert question_type("셔틀 정류장 몇 군데야?") == "count" and count_unit("셔틀 정류장 몇 군데야?") == "곳"
    assert count_unit("how many illegal parking tickets were issued around the venue") == "건"
    assert count_unit("How many tickets were sold?") == "장"


def test_the_role_a_korean_who_question_asks_for():
    from qa.analyze import role_asked
    assert role_asked("윤서진 캐디 이름이 뭐야?") == "캐디"
    assert role_asked("노바스타 주장은 누구예요?") == "주장"
    assert role_asked("누가 말했어?") is None

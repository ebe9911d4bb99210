"""The syllable-pair signal of retrieval (qa.retrieve.pair_cover) and what it changes for the reader."""
from qa.retrieve import pair_cover, syllable_pairs


def test_syllable_pairs_stay_inside_a_word():
    assert syllable_pairs("진단 정확도는") == {"진단", "정확", "확도", "도는"}
    assert syllable_pairs("What is 3.5%?") == frozenset()


def test_the_sentence_with_the_rare_asked_word_covers_more():
    sents = ["새 검사법은 혈액 20마이크로리터면 충분하고 결과는 40분 안에 나온다.",
             "전체 진단 정확도는 93.4%로 나타났다.",
             "혈액 검사 비용은 1회 5만원 안팎이다."]
    cover = pair_cover("이 혈액 진단법 정확도는 몇 퍼센트야?", sents)
    assert cover[1] > 3 * max(cover[0], cover[2])
    # a pair every candidate holds (혈액) counts less than one only the answer holds (정확)
    assert pair_cover("혈액 정확도", sents)[1] > pair_cover("혈액 정확도", sents)[0]


def test_question_words_and_english_questions_score_nothing():
    sents = ["언제 어디서 얼마나 몇 명이 모였나?", "행사는 15일 열렸다."]
    assert pair_cover("언제야? 어디서? 얼마나?", sents) == [0.0, 0.0]
    assert pair_cover("How accurate is the blood test?", sents) == [0.0, 0.0]



def test_figure_features_read_the_asked_unit_kind_and_cues():
    from qa.asked import asked
    from qa.retrieve import figure_features

    q = "작년 참여 가구는 모두 몇 가구야?"
    f = figure_features("지난해 참여 가구는 모두 750가구였다.", "count", asked(q, "count"))
    assert f["unit"] == 1.0 and f["kind0"] == 1.0 and f["fit"] > 0
    f = figure_features("올해 예산은 12억원이다.", "count", asked(q, "count"))
    assert f["unit"] == 0.0 and f["kind0"] == 0.0
    assert figure_features("대표는 김민수다.", "person", asked("대표는 누구야?", "person")) == {"unit": 0.0, "kind0": 0.0, "fit": 0.0}

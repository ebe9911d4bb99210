from hypothesis import given, settings
from hypothesis import strategies as st

from index.segment import paragraphs, split_sentences
from tests.conftest import SEED


def test_seed_offsets_and_kinds(kiwi):
    text = SEED.read_text(encoding="utf-8")
    sents = split_sentences(kiwi, "seed", text)
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert sents[0].kind == "title"
    by_text = {s.text: s.kind for s in sents}
    assert by_text["주목"] == "heading"
    assert by_text["OpenAI CEO Sam Altman"] == "caption"
    assert by_text["해당 이미지는 Kyle Grillot | Bloomberg 촬영본으로 보도 사진에 사용됐다."] == "caption"
    ms = next(s for s in sents if "$13 billion" in s.text)
    assert ms.kind == "body" and ms.text.startswith("마이크로소프트는 2019년") and ms.text.endswith("보유하지 않는다.")
    assert text[ms.para_start:ms.para_end].startswith("오픈AI는 10월에")


def test_sentence_ids_are_sequential(kiwi):
    sents = split_sentences(kiwi, "d", "제목\n\n첫 문장이다. 둘째 문장이다.\n셋째 줄이다.")
    assert [s.sent_id for s in sents] == [0, 1, 2, 3]
    assert [s.text for s in sents][1:] == ["첫 문장이다.", "둘째 문장이다.", "셋째 줄이다."]


def test_paragraphs_trim_and_skip_blank_lines():
    text = "  a b \r\n\r\n\tc\n   \n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["a b", "c"]


_alphabet = st.sampled_from(list("가나다라 마바사.?!\n\r\t,()$1Ab“”") + ["\u3000", "다.", "\n\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_alphabet, max_size=80).map("".join))
def test_offsets_always_reproduce_text(kiwi, text):
    for s in split_sentences(kiwi, "d", text):
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.para_start <= s.start < s.end <= s.para_end


def test_wire_byline_credits_and_reporter_email_are_not_evidence(kiwi):
    text = (
        "제목\n\n(서울=연합뉴스) 김철수 기자 = 한빛반도체는 영업이익이 늘었다고 24일 공시했다.\n\n"
        "[이데일리 홍길동 기자] 정부가 대책을 내놨다.\n\n"
        "사진은 경기 이천시 본사 모습. [연합뉴스 자료사진]\n\nkcs@yna.co.kr\n\n"
        "서울시는 기자회견을 열었다."
    )
    sents = split_sentences(kiwi, "d", text)
    assert all(text[s.start:s.end] == s.text for s in sents)
    kinds = [(s.kind, s.text) for s in sents[1:]]
    assert kinds == [
        ("caption", "(서울=연합뉴스) 김철수 기자 ="),
        ("body", "한빛반도체는 영업이익이 늘었다고 24일 공시했다."),
        ("caption", "[이데일리 홍길동 기자]"),
        ("body", "정부가 대책을 내놨다."),
        ("caption", "사진은 경기 이천시 본사 모습. [연합뉴스 자료사진]"),
        ("caption", "kcs@yna.co.kr"),
        ("body", "서울시는 기자회견을 열었다."),
    ]


def test_other_wire_datelines_and_photo_credits(kiwi):
    text = "제목\n\n【세종=연합뉴스】 윤지수 기자 = 정부가 발표했다.\n\n서울의 한 아파트 단지 모습. 2025.6.9/뉴스1\n\n정부는 2025.6.9 발표했다. 시장은 반응했다."
    kinds = [(s.kind, s.text) for s in split_sentences(kiwi, "d", text)[1:]]
    assert kinds == [
        ("caption", "【세종=연합뉴스】 윤지수 기자 ="),
        ("body", "정부가 발표했다."),
        ("caption", "서울의 한 아파트 단지 모습."),
        ("caption", "2025.6.9/뉴스1"),
        ("body", "정부는 2025.6.9 발표했다."),
        ("body", "시장은 반응했다."),
    ]


def test_a_credit_split_inside_brackets_stays_one_caption(kiwi):
    text = ("제목\n\n경찰이 조직원들을 검거했다.\n\n"
            "부산경찰청 형사기동대가 압수한 현금과 위조 구속영장 [부산경찰청 제공. 재판매 및 DB 금지]\n")
    sents = split_sentences(kiwi, "d", text)
    last = sents[-1]
    assert last.text == "부산경찰청 형사기동대가 압수한 현금과 위조 구속영장 [부산경찰청 제공. 재판매 및 DB 금지]"
    assert last.kind == "caption"
    assert text[last.start:last.end] == last.text

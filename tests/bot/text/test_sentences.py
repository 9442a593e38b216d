"""The one sentence splitter, with offsets into the text it splits."""

from __future__ import annotations

from bot.text.sentences import sentence_spans, split_sentences


def test_sentences_respect_abbreviations_and_initials() -> None:
    text = "Mr. Smith met Dr. Jones in the U.S. capital. John F. Kennedy was mentioned.\n\nNew one."
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "Mr. Smith met Dr. Jones in the U.S. capital.",
        "John F. Kennedy was mentioned.",
        "New one.",
    ]


def test_sentence_offsets_point_into_text() -> None:
    text = "“It works,” she said. Then he left.\n\nAnother paragraph here."
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_titles_syntok_does_not_know_do_not_end_sentences() -> None:
    text = "Gov. Rod Blagojevich was ousted. Sen. Ann Lee spoke."
    assert [s.text for s in split_sentences(text)] == [
        "Gov. Rod Blagojevich was ousted.", "Sen. Ann Lee spoke."]


def test_decimals_and_money_stay_in_one_sentence() -> None:
    text = "Shares fell 3.5 percent to $12.40 on Monday. Analysts were surprised."
    assert len(split_sentences(text)) == 2


def test_lines_inside_a_paragraph_are_one_text_with_single_spaces() -> None:
    text = "The council met\n  on Monday.   It voted.\n\nNext."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["The council met on Monday.", "It voted.", "Next."]
    assert text[sentences[0].start:sentences[0].end] == "The council met\n  on Monday."


def test_chinese_sentences_end_at_their_full_stops_with_offsets() -> None:
    paragraph = "今天下雨了。我们在家。"
    spans = sentence_spans(paragraph, "chinese")
    assert [paragraph[start:end] for start, end in spans] == ["今天下雨了。", "我们在家。"]


def test_thai_sentences_end_at_spaces() -> None:
    assert len(sentence_spans("สวัสดีครับ วันนี้อากาศดี", "thai")) == 2


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []

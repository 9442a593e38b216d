import pytest

from bot.text.topic_keys import topic_key


@pytest.mark.parametrize(("a", "b"), [
    ("NATO", "nato"), ("Nato", "NATO"), ("Cyber attacks", "cyber attack"),
    ("Énergie", "energie"), ("policies", "policy"), ("Interest Rates", "interest rate"),
    ("batteries", "Battery"), ("  ferry   terminals ", "ferry terminal"),
])
def test_spellings_of_one_topic_share_a_key(a: str, b: str) -> None:
    assert topic_key(a) == topic_key(b)


@pytest.mark.parametrize("word", ["news", "politics", "gas", "bus", "analysis", "Brussels"])
def test_words_that_only_look_plural_keep_their_s(word: str) -> None:
    assert topic_key(word) == word.lower()


def test_empty_topics_have_an_empty_key() -> None:
    assert topic_key(" - ") == ""

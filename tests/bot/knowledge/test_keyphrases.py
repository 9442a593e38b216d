"""key_phrases in the article's language: its stop words and common words never become
topics. Texts written for these tests."""

from __future__ import annotations

from bot.knowledge.keyphrases import key_phrases

PORTUGUESE = (
    "A câmara de Porto Velho aprovou o novo terminal de balsas. Para os moradores, o terminal "
    "de balsas é uma obra que espera há anos. O terminal de balsas vai custar 40 milhões, e "
    "a prefeitura diz que as obras começam aqui em março. Para a prefeitura, o terminal de "
    "balsas muda a cidade; há anos que a cidade pede o terminal de balsas."
)
GERMAN = (
    "Der Stadtrat von Eastport hat den neuen Fährhafen beschlossen. Der neue Fährhafen soll "
    "im Frühjahr gebaut werden, und auch die Reederei begrüßt den Fährhafen. Über die Kosten "
    "für den Fährhafen wird noch gestritten, aber die Reederei will den Fährhafen nutzen."
)


def test_portuguese_stop_and_common_words_are_not_key_phrases() -> None:
    phrases = key_phrases(PORTUGUESE, "Porto Velho aprova terminal de balsas", language="pt")
    assert {"balsas", "terminal"} <= set(phrases)
    for word in ("que", "para", "anos", "aqui", "há"):
        assert word not in {phrase.lower() for phrase in phrases}


def test_german_key_phrases_skip_german_stop_words() -> None:
    phrases = key_phrases(GERMAN, "Eastport baut Fährhafen", language="de")
    assert "Fährhafen" in phrases
    assert not {"den", "die", "über", "auch", "und"} & {phrase.lower() for phrase in phrases}


def test_possessives_and_contractions_are_not_words_of_a_phrase() -> None:
    text = ("Eastport's ferry terminal opens. It's the council's plan. Eastport's ferry terminal "
            "will cost millions, and it's late. We're told the ferry terminal is ready.")
    phrases = key_phrases(text, language="en")
    assert "ferry terminal" in phrases
    assert not any("'" in phrase or "’" in phrase for phrase in phrases)


def test_languages_written_without_spaces_get_none() -> None:
    assert key_phrases("港口委员会批准了新的渡轮码头。" * 5, language="zh") == ()

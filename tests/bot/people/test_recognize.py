"""Recognition of people in article text, with the real model package."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.people import PersonFound, find_people, people_jsonl_line

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "000_486d2b0c7be4f50e.txt"

ARTICLE = """Finance ministers met in Lisbon on Tuesday to agree on new rules for emergency loans.

"Nobody got everything they wanted, and that is a sign the result is fair," said Portuguese \
Finance Minister Inês Carvalho after the talks.

Mr Carvalho's counterpart from Germany, Thomas Brenner, the state secretary for finance, \
said Berlin had pushed for stricter conditions.

"We will defend this text in parliament," he added.

Carvalho, who chaired the meeting, will present the deal to the Ines Carvalho Institute \
next week, and economists at Johns Hopkins University praised it. Ines Carvalho's office \
said the fund would open in October.
"""


def _by_key(people: tuple[PersonFound, ...]) -> dict[str, PersonFound]:
    return {person.key: person for person in people}


@pytest.fixture(scope="module")
def article_people() -> dict[str, PersonFound]:
    return _by_key(find_people(ARTICLE))


def test_mentions_merge_across_accents_titles_possessives_and_surname(
    article_people: dict[str, PersonFound],
) -> None:
    assert set(article_people) == {"ines carvalho", "thomas brenner"}
    carvalho = article_people["ines carvalho"]
    assert carvalho.name == "Inês Carvalho"  # the accented full form wins
    assert carvalho.mention_count >= 4
    assert any(s.startswith("Carvalho, who chaired") for s in carvalho.mention_sentences)


def test_organisations_named_after_people_are_not_people(
    article_people: dict[str, PersonFound],
) -> None:
    assert "johns hopkins" not in article_people
    assert not any("institute" in key for key in article_people)


def test_roles_before_and_after_the_name(article_people: dict[str, PersonFound]) -> None:
    assert article_people["ines carvalho"].role == "Portuguese Finance Minister"
    assert article_people["thomas brenner"].role == "state secretary for finance"


def test_quotes_include_said_x_and_pronoun_led_follow_up(
    article_people: dict[str, PersonFound],
) -> None:
    carvalho_quotes = article_people["ines carvalho"].quotes
    assert any(q.startswith('"Nobody got everything') for q in carvalho_quotes)
    brenner_quotes = article_people["thomas brenner"].quotes
    assert any("pushed for stricter" in q for q in brenner_quotes)
    assert any("he added" in q for q in brenner_quotes)
    assert not any("he added" in q for q in carvalho_quotes)


def test_places_ships_and_prizes_named_after_people_are_skipped() -> None:
    text = (
        "The ferry Queen Mary Anne stayed in port near Lake Victoria on Monday. "
        "The RRS Sir David Attenborough sailed south, and the Nelson Mandela Foundation "
        "gave the Ruth Berger Prize to a school.\n\n"
        "Harbour master Olga Petrenko said the storm would pass by Wednesday."
    )
    assert [p.name for p in find_people(text)] == ["Olga Petrenko"]


def test_lone_first_or_last_name_without_evidence_is_dropped() -> None:
    text = "Visitors to Brussels saw Lisbon and Madrid on the same trip, said the agency."
    assert find_people(text) == ()


def test_particles_and_hyphenated_names_stay_whole() -> None:
    text = (
        "Commission President Ursula von der Leyen welcomed the deal on Monday. "
        "Deputy Minister Pieter Botha-Nkosi said schools would benefit.\n\n"
        "Von der Leyen promised more funds, and Botha-Nkosi thanked her."
    )
    people = _by_key(find_people(text))
    assert set(people) == {"ursula von der leyen", "pieter botha-nkosi"}
    assert people["ursula von der leyen"].role == "Commission President"
    assert people["ursula von der leyen"].mention_count == 2


def test_empty_and_blank_text_give_no_people() -> None:
    assert find_people("") == ()
    assert find_people("  \n\n ") == ()
    assert find_people("Tags politics Anna Berg") == ()


def test_title_is_read_as_text() -> None:
    people = find_people("The vote is on Friday.", title="Anna Lindqvist wins party vote")
    assert [p.key for p in people] == ["anna lindqvist"]


def test_jsonl_line_maps_id_and_text_to_names() -> None:
    line = people_jsonl_line({"id": "a1", "text": ARTICLE})
    assert line["id"] == "a1"
    assert line["people"] == ["Inês Carvalho", "Thomas Brenner"]


def test_seed_article_people_roles_and_quotes() -> None:
    if not SEED.exists():
        pytest.skip("shared example article not present")
    text = SEED.read_text("utf-8")
    text = text[: text.index("\nTags ")] if "\nTags " in text else text
    people = _by_key(find_people(text))
    assert set(people) == {"mircea geoana", "magdalena andersson"}
    geoana = people["mircea geoana"]
    assert geoana.name == "Mircea Geoană"
    assert geoana.role == "NATO Deputy Secretary General"
    assert len(geoana.quotes) >= 2
    assert any("he added" in q for q in geoana.quotes)
    andersson = people["magdalena andersson"]
    assert andersson.role == "Swedish Prime Minister"
    assert andersson.mention_count >= 2


def test_seed_article_with_tags_and_debris_left_in() -> None:
    if not SEED.exists():
        pytest.skip("shared example article not present")
    people = find_people(SEED.read_text("utf-8"))
    assert {p.key for p in people} == {"mircea geoana", "magdalena andersson"}


THINGS = """The new 16-inch Lumatek Pro is a heck of a laptop, and the old Lumatek Pro is not.

Orbital Works will offer its Silver Crescent lander to the agency, and our Silver Crescent \
lander is big, said Tove Lindqvist, the company's vice president.

A telescope atop Mauna Keralo found water. Scientists on Mauna Keralo were pleased.

Marisol Achebe joined Amberline Energy last year; Amberline Energy shares rose.

The Harbour Cup Finals begin on Friday in Porto.
"""


def test_products_places_events_and_companies_named_like_people_are_not_people() -> None:
    names = {person.name for person in find_people(THINGS)}
    assert "Tove Lindqvist" in names
    assert "Marisol Achebe" in names
    for thing in ("Lumatek Pro", "Silver Crescent", "Mauna Keralo", "Amberline Energy",
                  "Harbour Cup Finals", "Orbital Works"):
        assert not any(thing in name for name in names), (thing, names)


def test_titles_and_role_words_are_not_part_of_the_name() -> None:
    found = find_people("Administrator Jelena Marković said the launch would wait. "
                        "Marković spoke in Houston.")
    assert [(p.name, p.role) for p in found] == [("Jelena Marković", "Administrator")]


def test_roles_in_more_sentence_shapes() -> None:
    found = _by_key(find_people(
        "ECB Executive Board member Zoë Lefèvre said rates would stay high.\n\n"
        "Rafael Ortega, a member of the central bank's council, disagreed."))
    assert found["zoe lefevre"].role == "ECB Executive Board member"
    assert found["rafael ortega"].role == "member of the central bank's council"


def test_function_words_at_a_sentence_start_are_not_first_names() -> None:
    found = find_people("Once Okonkwo released the transcript, the row began. "
                        "Yet Okonkwo seems calm, said Chidi Okonkwo.")
    assert [p.name for p in found] == ["Chidi Okonkwo"]


def test_credits_written_with_underscores_give_the_whole_name() -> None:
    found = find_people("STAFF\n\nChoreographer_Jeong Hye Jin, Director_Oh Kyeong Taek, "
                        "Composer_Kim Cheol Hwan")
    assert "Jeong Hye Jin" in {p.name for p in found}
    assert not any("_" in p.name for p in found)


# A line-up and a list of results, written for these tests: names the model may miss one by
# one are people because the list they stand in holds people.
LINE_UP = ("Eastport Rovers: Tomasz Wierzbicki, Kofi Mensah-Baidoo, Arvid Lindholm, "
           "Ruairi Mac Giolla, Sven Holmqvist, Dario Pellegrini, Yusuf Demirtas.")
RESULTS = ("Leading scores in the final round of the Harbour Open: 66 Tomasz Wierzbicki, "
           "67 Ruairi Mac Giolla, R. Halvorsen, J. Okafor, 68 Dario Pellegrini.")
PLACES = ("The ferry calls at Eastport, Westmere, Northholm Bay, Lindby Harbour and "
          "Kestrel Point on Sundays.")


def test_names_in_a_list_of_people_are_people() -> None:
    names = {person.name for person in find_people(LINE_UP)}
    # However many of them the model finds alone, the list brings the rest.
    assert {"Tomasz Wierzbicki", "Arvid Lindholm", "Sven Holmqvist", "Dario Pellegrini"} <= names


def test_a_name_may_start_with_an_initial() -> None:
    names = {person.name for person in find_people(RESULTS)}
    assert "R. Halvorsen" in names or "J. Okafor" in names


def test_a_list_of_places_is_not_a_list_of_people() -> None:
    assert not {person.name for person in find_people(PLACES)}


def test_a_verb_in_a_headline_is_not_part_of_the_name() -> None:
    # "Following" is a verb here: the text also writes it in lower case.
    found = find_people("Why Senators Are Following Okonkwo\n\nChidi Okonkwo spoke on "
                        "Monday. Those following the vote said Okonkwo would win.")
    assert not any(p.name.startswith("Following") for p in found)
    assert "Chidi Okonkwo" in {p.name for p in found}


def test_a_common_verb_in_a_headline_is_not_part_of_the_name() -> None:
    found = find_people("Senators Are Following Okonkwo to Nowhere\n\nChidi Okonkwo spoke "
                        "on Monday and said the vote would wait.", title=None)
    assert not any(p.name.startswith("Following") for p in found)
    surname = find_people("Lisa Manning spoke on Monday. Manning said the vote would wait.")
    assert "Lisa Manning" in {p.name for p in surname}  # a surname in -ing stays a name

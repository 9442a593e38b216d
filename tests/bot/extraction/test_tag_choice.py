"""choose_tags: an article's tags made readable with the article's help, merged, ranked by
where the article uses them and capped. Articles and tags written for these tests."""

from __future__ import annotations

from bot.extraction.tag_choice import MAX_TAGS, choose_tags

TITLE = "Harbour council approves new ferry terminal"
TEXT = (
    "EASTPORT (AP) — The harbour council of Eastport approved a new ferry terminal on Monday. "
    "Anna Berg, who chairs the council, said work would start in spring. Berg said the "
    "terminal would cost 40 million euros. Nordic Ferries, which runs the crossing, welcomed "
    "the vote. NATO ships also use the harbour.\n\nThe ferry terminal will open in 2028, "
    "and the new timetable of Nordic Ferries will follow. Critics say Eastport cannot afford it."
)


def choose(tags: list[str], **context: str) -> tuple[str, ...]:
    return choose_tags(tags, text=context.pop("text", TEXT), title=context.pop("title", TITLE),
                       **context)  # type: ignore[arg-type]


def test_tags_the_article_uses_come_first_title_before_text() -> None:
    tags = choose(["Maritime policy", "Eastport", "ferry terminal", "Anna Berg"])
    assert tags[0] == "ferry terminal"  # in the title and twice in the text
    assert tags.index("Eastport") < tags.index("Maritime policy")
    assert tags[-1] == "Maritime policy"  # kept, but the article never says it


def test_at_most_max_tags_are_kept_and_the_used_ones_win() -> None:
    absent = [f"Topic number {number}" for number in range(1, 12)]
    tags = choose([*absent, "Eastport", "ferry terminal"])
    assert len(tags) == MAX_TAGS
    assert tags[:2] == ("ferry terminal", "Eastport")


def test_caps_codes_the_text_never_writes_are_tickers_or_labels() -> None:
    assert choose(["NFRY", "NRD.FR", "PERSON", "NATO"]) == ("NATO",)


def test_caps_labels_glued_to_a_name_are_cut_off() -> None:
    assert choose(["Anna Berg NEWSMAKER", "PRIME Nordic Ferries"]) == (
        "Nordic Ferries", "Anna Berg")


def test_a_shouted_dateline_is_written_as_a_name() -> None:
    assert choose(["EASTPORT"]) == ("Eastport",)


def test_lowercase_tags_take_the_text_s_capitals() -> None:
    assert choose(["anna berg", "nordic ferries", "ferry terminal"]) == (
        "ferry terminal", "Nordic Ferries", "Anna Berg")


def test_slugs_are_words() -> None:
    assert choose(["nordic-ferries", "harbour-council-vote"]) == (
        "Nordic Ferries", "harbour council vote")


def test_the_site_s_own_name_and_initials_are_not_topics() -> None:
    tags = choose(["Eastport Times", "et", "eastporttimes", "Eastport"],
                  site_name="EastportTimes", url="https://www.eastporttimes.com/ferries/1")
    assert tags == ("Eastport",)


def test_the_headline_given_as_a_tag_is_not_a_topic() -> None:
    assert choose(["Harbour council approves new ferry terminal", "Eastport"]) == ("Eastport",)


def test_spelling_variants_of_one_topic_merge_into_the_written_one() -> None:
    assert choose(["Ferry Terminals", "ferry terminal", "ferry-terminal", "ferryterminal"]) == (
        "ferry terminal",)


def test_an_acronym_merges_into_its_full_name() -> None:
    assert choose(["NF", "Nordic Ferries"]) == ("Nordic Ferries",)
    text = "Eastern equine encephalitis was found in Eastport. Eastern equine encephalitis is rare."
    assert choose(["eee", "eastern equine encephalitis"], text=text, title="") == (
        "eastern equine encephalitis",)  # capitalised only where sentences start


def test_name_variants_of_one_person_merge() -> None:
    assert choose(["Anna K. Berg", "Anna Berg", "Berg"]) == ("Anna Berg",)
    assert choose(["Annika Berg", "Anna Berg"]) == ("Anna Berg",)  # same surname and initial


def test_two_people_with_one_surname_stay_two() -> None:
    text = TEXT + " Her brother Lars Berg disagreed."
    assert set(choose(["Anna Berg", "Lars Berg"], text=text)) == {"Anna Berg", "Lars Berg"}


def test_a_catalogue_pair_is_a_name_only_when_the_text_names_that_person() -> None:
    assert choose(["Berg, Anna"]) == ("Anna Berg",)
    assert choose(["Elections, Governors"], text="Elections for governors.", title="") == (
        "Elections", "Governors")


def test_a_longer_tag_the_article_never_uses_gives_way_to_its_core() -> None:
    assert choose(["ferry terminal", "ferry terminal costs 2028", "Eastport ferry terminal"]) == (
        "ferry terminal",)


def test_function_word_phrases_and_run_together_codes_need_the_article() -> None:
    assert choose(["No Autolink", "harbourdeskfeed", "Eastport"]) == ("Eastport",)


def test_stop_words_of_the_page_language_go() -> None:
    text = "A câmara de Eastport aprovou o novo terminal de ferry. O terminal abre em 2028."
    assert choose(["que", "para", "terminal"], text=text, title="", language="pt") == (
        "terminal",)


def test_tags_in_other_scripts_are_kept() -> None:
    text = "Паромный терминал в Истпорте откроется в 2028 году. Паромный терминал строят."
    assert choose(["паромный терминал", "что"], text=text, title="", language="ru") == (
        "паромный терминал",)


def test_a_page_with_thousands_of_tags_is_read_only_in_part() -> None:
    tags = choose([f"Keyword {number}" for number in range(5000)] + ["Eastport"])
    assert len(tags) == MAX_TAGS
    assert "Eastport" not in tags

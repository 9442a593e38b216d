"""clean_lines: boilerplate lines go in every supported language, reporting stays.

Every text here was written for these tests.
"""

from __future__ import annotations

import pytest

from bot.extraction.cleanup import clean_lines
from bot.text.words import word_count

# One paragraph of reporting per language, each long enough to be prose.
REPORTING = {
    "en": "The harbour council agreed on Monday to build a new ferry terminal, and work on the "
          "quay will start in the spring once the contracts have been signed.",
    "de": "Der Hafenrat hat am Montag den Bau eines neuen Fährterminals beschlossen, die "
          "Arbeiten am Kai sollen im Frühjahr beginnen, sobald die Verträge unterschrieben sind.",
    "es": "El consejo del puerto aprobó el lunes la construcción de una nueva terminal de ferris "
          "y las obras en el muelle comenzarán en primavera, cuando se firmen los contratos.",
    "fr": "Le conseil du port a approuvé lundi la construction d'un nouveau terminal de ferries, "
          "et les travaux sur le quai commenceront au printemps, une fois les contrats signés.",
    "it": "Il consiglio del porto ha approvato lunedì la costruzione di un nuovo terminal dei "
          "traghetti e i lavori sulla banchina inizieranno in primavera, firmati i contratti.",
    "pt": "O conselho do porto aprovou na segunda-feira a construção de um novo terminal de "
          "balsas, e as obras no cais começarão na primavera, depois de assinados os contratos.",
    "nl": "De havenraad heeft maandag besloten een nieuwe veerterminal te bouwen, en het werk aan "
          "de kade begint in het voorjaar zodra de contracten zijn getekend door alle partijen.",
    "pl": "Rada portu zatwierdziła w poniedziałek budowę nowego terminalu promowego, a prace na "
          "nabrzeżu ruszą wiosną, gdy tylko zostaną podpisane wszystkie umowy z wykonawcami.",
}

TEASERS = [
    "Read more: Ferry passengers reach a record high",
    "Lesen Sie auch: Fährgäste erreichen einen Rekord",
    "Lea también: El puerto recibe un récord de pasajeros",
    "Lire aussi – Le port accueille un nombre record de passagers",
    "Leggi anche: Il porto accoglie un numero record di passeggeri",
    "Leia também: Porto recebe número recorde de passageiros",
    "Lees ook: Haven ontvangt recordaantal passagiers",
    "Czytaj też: Port przyjął rekordową liczbę pasażerów",
]

PROMPTS = [
    "Install the Sky News app",
    "Get the Eastmere Gazette app",
    "Zum Newsletter anmelden",
    "Folgen Sie uns auf Instagram",
    "Suscríbete a nuestro boletín",
    "Síguenos en Twitter",
    "Abonnez-vous à notre lettre d'information",
    "Téléchargez l'application",
    "Iscriviti al nostro canale",
    "Scarica l'app del giornale",
    "Assine o jornal e tenha acesso ilimitado",
    "Siga-nos nas redes sociais",
    "Meld je aan voor onze nieuwsbrief",
    "Volg ons op Facebook",
    "Zapisz się do naszego newslettera",
    "Pobierz aplikację na telefon",
]

NEWSLETTER_LINES = [
    "Receba a nossa newsletter todas as manhãs no seu e-mail",
    "Unsere Newsletter kommt jeden Morgen kostenlos in Ihr Postfach",
    "Recibe cada mañana nuestra newsletter con las noticias del puerto",
]

FURNITURE = [
    "Advertisement", "ANZEIGE", "Publicidad", "Publicité", "Pubblicità", "Publicidade",
    "Advertentie", "Reklama", "Article continues below this ad",
    "Story continues below advertisement",
]

COPYRIGHT = [
    "© 2024 Eastmere Gazette",
    "Alle Rechte vorbehalten.",
    "Todos los derechos reservados.",
    "Tous droits réservés",
    "Tutti i diritti riservati",
    "Wszelkie prawa zastrzeżone.",
]

CAPTIONS = ["Foto: Anna Berg", "Bild: Hafenamt", "Zdjęcie: Jan Kowal", "Photo: Mara Quill"]

COOKIES = [
    "We use cookies to improve your experience. By continuing you accept our policy.",
    "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten.",
    "Utilizamos cookies propias y de terceros. Si continúa navegando, acepta su uso.",
    "Nous utilisons des cookies pour améliorer votre expérience sur notre site.",
    "Questo sito utilizza cookie per migliorare la tua esperienza di navigazione.",
    "Usamos cookies para melhorar a sua experiência. Ao continuar, você concorda.",
    "Wij gebruiken cookies om de website goed te laten werken.",
    "Ta strona używa plików cookie. Korzystając z niej, wyrażasz zgodę.",
]


def cleaned(*lines: str) -> list[str]:
    return clean_lines("\n".join(lines))


@pytest.mark.parametrize("language", sorted(REPORTING))
def test_reporting_in_every_language_is_kept(language: str) -> None:
    assert cleaned(REPORTING[language]) == [REPORTING[language]]


@pytest.mark.parametrize("line", TEASERS)
def test_a_teaser_line_goes_in_every_language(line: str) -> None:
    assert cleaned(REPORTING["en"], line, REPORTING["de"]) == [REPORTING["en"], REPORTING["de"]]


@pytest.mark.parametrize("heading", ["Related stories", "Mehr zum Thema", "Noticias relacionadas",
                                     "Sur le même sujet", "Articoli correlati", "Leia também",
                                     "Meest gelezen", "Zobacz także"])
def test_a_list_heading_goes_with_the_headlines_under_it(heading: str) -> None:
    text = cleaned(REPORTING["en"], heading, "Ferry passengers reach a record high",
                   "Quay lamps to be replaced", REPORTING["fr"])
    assert text == [REPORTING["en"], REPORTING["fr"]]


@pytest.mark.parametrize("line", PROMPTS + NEWSLETTER_LINES)
def test_share_follow_subscribe_and_app_prompts_go(line: str) -> None:
    assert cleaned(REPORTING["es"], line) == [REPORTING["es"]]


@pytest.mark.parametrize("line", FURNITURE)
def test_ad_labels_go(line: str) -> None:
    assert cleaned(REPORTING["it"], line, REPORTING["pt"]) == [REPORTING["it"], REPORTING["pt"]]


@pytest.mark.parametrize("line", COPYRIGHT + CAPTIONS)
def test_copyright_and_photo_credits_go(line: str) -> None:
    assert cleaned(REPORTING["nl"], line) == [REPORTING["nl"]]


@pytest.mark.parametrize("line", COOKIES)
def test_cookie_notices_go_in_every_language(line: str) -> None:
    assert cleaned(line, REPORTING["pl"]) == [REPORTING["pl"]]


def test_a_long_cookie_policy_paragraph_goes() -> None:
    policy = ("This website uses cookies. " + "Cookies are small files that a site stores in "
              "your browser so that it remembers your settings and your consent. " * 5).strip()
    assert word_count(policy) > 80
    assert cleaned(REPORTING["en"], policy) == [REPORTING["en"]]


def test_a_sentence_that_only_mentions_the_words_is_kept() -> None:
    # The labels count only where furniture sits: opening a short line, or the whole line.
    lines = [
        "Reklama w telewizji kosztuje coraz więcej, mówią eksperci z branży medialnej.",
        "Die Zeitung berichtet, dass viele Leser den Newsletter abonnieren und ihn dann jeden "
        "Morgen lesen, sagte der Verleger am Dienstag bei der Vorstellung der neuen Zahlen, "
        "die über den Erwartungen lagen.",
        "Leia também o relatório do conselho, que explica por que o terminal foi adiado.",
        "Story continues below gallery",
    ]
    assert cleaned(*lines) == lines


@pytest.mark.parametrize(("text", "words"), [
    ("three plain words", 3),
    ("港口议会星期一开会", 5),  # nine characters written without spaces: about five words
    ("Tokyo 東京都 2024", 4),
])
def test_word_count_counts_unspaced_scripts_by_characters(text: str, words: int) -> None:
    assert word_count(text) == words


def test_lines_that_are_each_a_whole_link_one_after_another_are_teasers() -> None:
    # Structure, not words: works for a list of headlines in any language.
    teasers = ["Le port bat son record de passagers", "Nowy rozkład rejsów na lato"]
    links = [*teasers, "Home", "Sport"]
    text = cleaned_with_links(links, REPORTING["fr"], *teasers, REPORTING["pl"])
    assert text == [REPORTING["fr"], REPORTING["pl"]]


def test_a_single_linked_line_or_a_linked_address_is_kept() -> None:
    # One linked line is often the article's own list item or a product; addresses are
    # contact details the reader needs.
    product = "Eastport ferry season ticket"
    addresses = ["https://ferry.example.org/timetable", "www.ferry.example.org"]
    lines = [REPORTING["en"], product, REPORTING["de"], *addresses]
    assert cleaned_with_links([product, *addresses], *lines) == lines


def cleaned_with_links(links: list[str], *lines: str) -> list[str]:
    return clean_lines("\n".join(lines), link_texts=links)


def test_several_long_paragraphs_cut_off_with_an_ellipsis_are_excerpts_of_other_stories() -> None:
    excerpt_pt = (REPORTING["pt"] + " " + REPORTING["pt"])[:-1] + " e os moradores …"
    excerpt_it = (REPORTING["it"] + " " + REPORTING["it"])[:-1] + " e i residenti [...]"
    assert word_count(excerpt_pt) >= 40
    assert word_count(excerpt_it) >= 40
    assert cleaned(REPORTING["pt"], excerpt_pt, excerpt_it) == [REPORTING["pt"]]


def test_one_paragraph_ending_in_an_ellipsis_is_the_writers_own() -> None:
    trailing = (REPORTING["en"] + " " + REPORTING["en"])[:-1] + " and then…"
    assert cleaned(REPORTING["de"], trailing) == [REPORTING["de"], trailing]

"""extract_html on news pages in German, Spanish, French, Polish, Portuguese and Italian, with the
boilerplate sites in those languages put inside the article. Pages written for these tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.extraction.html import extract_html


@dataclass(frozen=True)
class Page:
    language: str
    title: str
    body: tuple[str, ...]
    boilerplate: tuple[str, ...]


PAGES = [
    Page("de", "Hafenrat beschließt neues Fährterminal", (
        "Der Hafenrat von Ostmeer hat am Montagabend den Bau eines neuen Fährterminals "
        "beschlossen, nachdem die Pläne neun Jahre lang umstritten waren.",
        "Die Vorsitzende Anna Berg sagte, die Arbeiten am Kai würden im Frühjahr beginnen und "
        "etwa zwei Jahre dauern, wenn das Wetter mitspiele.",
        "Anwohner sollen im nächsten Monat bei einer Versammlung im Rathaus ihre Meinung zu den "
        "Entwürfen sagen können, teilte die Stadtverwaltung mit.",
        "Die Reederei begrüßte die Entscheidung und kündigte einen neuen Fahrplan für den Sommer "
        "an, der mehr Abfahrten am Wochenende vorsieht.",
    ), ("Lesen Sie auch: Rekord bei den Fährgästen", "Zum Newsletter anmelden", "Anzeige",
        "Foto: Hafenamt Ostmeer", "Alle Rechte vorbehalten.")),
    Page("es", "El puerto aprueba la nueva terminal de ferris", (
        "El consejo del puerto de Ostmar aprobó el lunes por la noche la construcción de una "
        "nueva terminal de ferris, tras nueve años de disputas.",
        "Su presidenta, Ana Berg, explicó que las obras en el muelle comenzarán en primavera y "
        "durarán unos dos años si el tiempo lo permite.",
        "Los vecinos podrán opinar sobre el proyecto el mes que viene en una reunión abierta en "
        "el ayuntamiento, según informó el consistorio.",
        "La naviera celebró la decisión y anunció un nuevo horario para el verano con más "
        "salidas durante los fines de semana.",
    ), ("Lea también: El puerto bate su récord de pasajeros", "Suscríbete a nuestro boletín",
        "Publicidad", "Todos los derechos reservados.")),
    Page("fr", "Le port approuve le nouveau terminal des ferries", (
        "Le conseil du port d'Ostmer a approuvé lundi soir la construction d'un nouveau "
        "terminal de ferries, après neuf années de querelles.",
        "Sa présidente, Anne Berg, a précisé que les travaux sur le quai commenceraient au "
        "printemps et dureraient environ deux ans si la météo le permet.",
        "Les habitants pourront donner leur avis le mois prochain lors d'une réunion publique à "
        "la mairie, a indiqué la municipalité.",
        "La compagnie maritime a salué la décision et annoncé de nouveaux horaires pour l'été, "
        "avec davantage de départs le week-end.",
    ), ("Lire aussi : Le port bat son record de passagers", "Abonnez-vous à notre newsletter",
        "Publicité", "Tous droits réservés")),
    Page("pl", "Rada portu zatwierdza nowy terminal promowy", (
        "Rada portu w Ostmorzu zatwierdziła w poniedziałek wieczorem budowę nowego terminalu "
        "promowego, kończąc spór trwający dziewięć lat.",
        "Przewodnicząca Anna Berg powiedziała, że prace na nabrzeżu ruszą wiosną i potrwają "
        "około dwóch lat, jeśli pozwoli na to pogoda.",
        "Mieszkańcy będą mogli wyrazić swoją opinię w przyszłym miesiącu na otwartym spotkaniu "
        "w ratuszu, poinformował urząd miasta.",
        "Armator z zadowoleniem przyjął decyzję i zapowiedział nowy rozkład rejsów na lato, z "
        "większą liczbą kursów w weekendy.",
    ), ("Czytaj też: Port z rekordową liczbą pasażerów", "Zapisz się do naszego newslettera",
        "Reklama", "Wszelkie prawa zastrzeżone.")),
    Page("pt", "Porto aprova novo terminal de balsas", (
        "O conselho do porto de Ostmar aprovou na segunda-feira à noite a construção de um novo "
        "terminal de balsas, depois de nove anos de disputa.",
        "A presidente, Ana Berg, disse que as obras no cais começarão na primavera e devem "
        "durar cerca de dois anos, se o tempo ajudar.",
        "Os moradores poderão opinar sobre o projeto no mês que vem, numa reunião aberta na "
        "prefeitura, informou a administração municipal.",
        "A empresa de navegação comemorou a decisão e anunciou um novo horário para o verão, "
        "com mais partidas nos fins de semana.",
    ), ("Leia também: Porto bate recorde de passageiros", "Receba a nossa newsletter grátis",
        "Publicidade", "Todos os direitos reservados.")),
    Page("it", "Il porto approva il nuovo terminal dei traghetti", (
        "Il consiglio del porto di Ostmare ha approvato lunedì sera la costruzione di un nuovo "
        "terminal dei traghetti, dopo nove anni di polemiche.",
        "La presidente, Anna Berg, ha spiegato che i lavori sulla banchina inizieranno in "
        "primavera e dureranno circa due anni, tempo permettendo.",
        "I residenti potranno dire la loro il mese prossimo durante un incontro pubblico in "
        "municipio, ha fatto sapere il comune.",
        "La compagnia di navigazione ha accolto la decisione e annunciato un nuovo orario per "
        "l'estate, con più partenze nei fine settimana.",
    ), ("Leggi anche: Il porto registra il record di passeggeri", "Iscriviti alla newsletter",
        "Pubblicità", "Riproduzione riservata")),
]

COOKIE_BANNERS = {
    "de": "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Mit der Nutzung "
          "stimmen Sie zu.",
    "es": "Utilizamos cookies propias y de terceros. Si continúa navegando, acepta su uso.",
    "fr": "Nous utilisons des cookies pour améliorer votre expérience. En continuant, vous "
          "acceptez leur utilisation.",
    "pl": "Ta strona używa plików cookie. Korzystając z niej, wyrażasz zgodę na ich użycie.",
    "pt": "Usamos cookies para melhorar a sua experiência. Ao continuar, você concorda.",
    "it": "Questo sito utilizza cookie per migliorare la tua esperienza. Continuando accetti.",
}


def html_of(page: Page) -> str:
    first, second, *rest = page.body
    teaser, prompt, ad_label, *notices = page.boilerplate
    article = "".join([
        f"<h1>{page.title}</h1>",
        f"<p>{first}</p>",
        f"<p><strong>{teaser}</strong></p>",
        f"<p>{second}</p>",
        f"<div>{ad_label}</div>",
        *(f"<p>{text}</p>" for text in rest),
        f"<p><a href='/newsletter'>{prompt}</a></p>",
        *(f"<p>{text}</p>" for text in notices),
        f"<p>{COOKIE_BANNERS[page.language]}</p>",
    ])
    return (f"<html lang='{page.language}'><head><meta charset='utf-8'>"
            f"<title>{page.title}</title></head><body>"
            f"<nav><a href='/'>Start</a> <a href='/sport'>Sport</a></nav>"
            f"<article>{article}</article></body></html>")


@pytest.mark.parametrize("page", PAGES, ids=[page.language for page in PAGES])
def test_every_paragraph_is_kept_and_the_boilerplate_goes(page: Page) -> None:
    article = extract_html(html_of(page), f"https://{page.language}.example.org/ferry")
    assert article.language == page.language
    assert article.text.split("\n\n") == list(page.body)

"""Boilerplate phrases, per language, for the languages the bot supports.

Each list holds the words a site uses for one kind of page furniture. The line rules in
``bot.text.boilerplate`` match them only where that furniture sits (a label that opens a short
line, a line that is nothing but the label), so a sentence that merely contains the words
survives. The lists are applied to every page whatever its declared language: pages mix
languages and often declare the wrong one, and the phrases do not collide across languages.

Write phrases in lower case; an apostrophe matches both ' and ’, a space any run of spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["AD_LABELS", "COPYRIGHT", "NEWSLETTER", "PROMPTS", "TEASER_LABELS", "alternation"]

# Labels that open a teaser ("Read more: <headline>") or head a list of teasers.
TEASER_LABELS: Mapping[str, tuple[str, ...]] = {
    "de": ("lesen sie auch", "lesen sie mehr", "lesen sie hier", "auch interessant",
           "das könnte sie auch interessieren", "das könnte sie interessieren", "mehr zum thema",
           "mehr dazu", "mehr zu", "weitere artikel", "weiterlesen", "zum thema", "siehe auch",
           "meistgelesen", "meistgelesene artikel", "verwandte artikel", "ähnliche artikel",
           "auch lesenswert", "lesetipp", "lesetipps", "empfehlungen der redaktion",
           "mehr lesen", "top-artikel", "beliebte artikel"),
    "es": ("lea también", "lee también", "leer más", "lea más", "lee más", "te puede interesar",
           "le puede interesar", "también te puede interesar", "también le puede interesar",
           "puede interesarte", "noticias relacionadas", "artículos relacionados",
           "relacionado", "relacionados", "relacionadas", "lo más leído", "más leídas",
           "más leídos", "ver también", "ver más", "sigue leyendo", "seguir leyendo",
           "mira también", "te recomendamos", "recomendamos", "más noticias", "también lee"),
    "fr": ("lire aussi", "à lire aussi", "a lire aussi", "lire également", "à lire également",
           "lire la suite", "voir aussi", "à voir aussi", "sur le même sujet", "à lire",
           "articles similaires", "articles liés", "dans la même rubrique", "les plus lus",
           "les plus lues", "pour aller plus loin", "vous aimerez aussi",
           "vous aimerez aussi lire", "nos recommandations", "à découvrir", "découvrir aussi",
           "plus d'actualités", "en savoir plus"),
    "it": ("leggi anche", "leggi pure", "leggi tutto", "potrebbe interessarti",
           "ti potrebbe interessare", "potrebbe interessarti anche", "articoli correlati",
           "notizie correlate", "correlati", "correlato", "i più letti", "più letti",
           "vedi anche", "approfondisci", "continua a leggere", "per approfondire",
           "guarda anche", "ti consigliamo", "altre notizie"),
    "pt": ("leia também", "leia mais", "leia a seguir", "veja também", "veja mais",
           "saiba mais", "confira também", "confira", "você também pode gostar",
           "você pode gostar", "notícias relacionadas", "artigos relacionados",
           "relacionadas", "relacionados", "mais lidas", "mais lidos", "continue lendo",
           "continuar a ler", "leia ainda", "ver também", "mais notícias"),
    "nl": ("lees ook", "lees meer", "lees verder", "zie ook", "meer over",
           "gerelateerde artikelen", "gerelateerd", "meest gelezen", "ook interessant",
           "bekijk ook", "verder lezen", "ook lezen", "aanbevolen"),
    "pl": ("czytaj też", "czytaj także", "czytaj również", "czytaj więcej", "czytaj dalej",
           "zobacz też", "zobacz także", "zobacz również", "przeczytaj też",
           "przeczytaj także", "przeczytaj również", "polecamy", "najczęściej czytane",
           "najpopularniejsze", "podobne artykuły", "powiązane artykuły", "warto przeczytać",
           "może cię zainteresować", "może cię też zainteresować"),
}

# Openings of share, follow, subscribe, download and comment prompts.
PROMPTS: Mapping[str, tuple[str, ...]] = {
    "en": ("install the", "get the app", "download the app", "download our app",
           "continue reading below", "support our journalism", "support us",
           "become a member", "become a subscriber", "already a subscriber",
           "already have an account", "log in to", "sign in to", "register for free",
           "create a free account", "enable javascript", "please enable javascript",
           "we value your privacy", "manage your preferences", "manage preferences",
           "accept all", "this content is not available", "view comments", "show comments",
           "comment on this", "join the discussion"),
    "de": ("zum newsletter", "newsletter abonnieren", "jetzt abonnieren", "abonnieren sie",
           "melden sie sich", "jetzt anmelden", "hier anmelden", "jetzt registrieren",
           "registrieren sie sich", "folgen sie uns", "folgen sie", "teilen sie",
           "diesen artikel teilen", "artikel teilen", "jetzt teilen", "laden sie die",
           "app herunterladen", "jetzt herunterladen", "hier klicken", "klicken sie hier",
           "unterstützen sie", "weiter nach der anzeige", "artikel wird nach der anzeige",
           "der artikel wird unter der anzeige", "mehr erfahren", "kommentar schreiben",
           "kommentare anzeigen", "jetzt kommentieren", "schon abonnent", "bereits abonnent",
           "sie sind bereits", "alle zustimmen", "einstellungen verwalten"),
    "es": ("suscríbete", "suscríbase", "suscribirse", "regístrate", "regístrese",
           "síguenos", "sígenos", "siga a", "comparte esta", "compartir en", "comparte en",
           "descarga la app", "descarga nuestra", "descargue", "únete a", "haz clic",
           "pulsa aquí", "haga clic", "apúntate", "date de alta", "deja tu comentario",
           "deja un comentario", "ver comentarios", "continúa después de la publicidad",
           "sigue después de la publicidad", "sigue leyendo después del anuncio",
           "apoya nuestro periodismo", "hazte socio", "ya eres suscriptor",
           "aceptar todo", "aceptar y continuar", "gestionar preferencias"),
    "fr": ("abonnez-vous", "inscrivez-vous", "s'inscrire", "suivez-nous", "suivez-nous sur",
           "partagez", "partager sur", "partager cet article", "téléchargez",
           "téléchargez l'application", "cliquez ici", "rejoignez-nous",
           "laisser un commentaire", "laissez un commentaire", "voir les commentaires",
           "la suite après la publicité", "l'article continue après la publicité",
           "article réservé aux abonnés", "déjà abonné", "soutenez", "tout accepter",
           "gérer mes choix", "paramétrer les cookies"),
    "it": ("iscriviti", "abbonati", "seguici", "condividi", "scarica l'app", "scarica la nostra",
           "clicca qui", "lascia un commento", "commenta", "registrati",
           "l'articolo continua dopo la pubblicità", "continua dopo la pubblicità",
           "sostieni", "sei già abbonato", "accetta tutti", "gestisci le preferenze"),
    "pt": ("assine", "inscreva-se", "cadastre-se", "registe-se", "siga-nos", "siga o",
           "siga a", "compartilhe", "partilhe", "baixe o app", "baixe o aplicativo",
           "descarregue", "clique aqui", "deixe seu comentário", "deixe o seu comentário",
           "deixe um comentário", "continua depois da publicidade", "continua após a publicidade",
           "já é assinante", "apoie", "aceitar todos", "gerenciar preferências"),
    "nl": ("abonneer", "schrijf je in", "meld je aan", "volg ons", "deel dit", "deel dit artikel",
           "download de app", "klik hier", "lees verder na de advertentie", "word abonnee",
           "steun ons", "al abonnee", "reageer", "alles accepteren", "voorkeuren beheren"),
    "pl": ("zapisz się", "subskrybuj", "zasubskrybuj", "obserwuj nas", "śledź nas",
           "udostępnij", "pobierz aplikację", "kliknij tutaj", "kliknij tu",
           "dalsza część artykułu pod reklamą", "artykuł jest kontynuowany pod reklamą",
           "dalszy ciąg materiału pod wideo", "zarejestruj się", "wesprzyj", "dodaj komentarz",
           "skomentuj", "akceptuję", "zaakceptuj wszystko", "zarządzaj ustawieniami"),
}

# Words that mark a line about a newsletter or a subscription wherever they sit in it, when the
# line also names one (see ``bot.text.boilerplate``).
NEWSLETTER: Mapping[str, tuple[str, ...]] = {
    "en": ("sign up", "subscribe", "inbox", "delivered to you", "every morning", "every week"),
    "de": ("anmelden", "abonnieren", "bestellen", "postfach", "jeden morgen", "kostenlos"),
    "es": ("suscr", "apunta", "bandeja de entrada", "recibe", "cada mañana", "gratis"),
    "fr": ("inscri", "abonn", "boîte mail", "boîte de réception", "recevez", "chaque matin"),
    "it": ("iscri", "abbona", "casella", "ricevi", "ogni mattina", "gratis"),
    "pt": ("assin", "inscrev", "cadastr", "caixa de entrada", "receba", "grátis"),
    "nl": ("aanmeld", "abonneer", "inschrijv", "inbox", "ontvang", "gratis"),
    "pl": ("zapisz", "subskryb", "skrzynk", "otrzymuj", "bezpłatn", "darmow"),
}

# Lines that are nothing but an ad slot's label.
AD_LABELS: Mapping[str, tuple[str, ...]] = {
    "en": ("advertisement", "advertising", "sponsored", "sponsored content", "ad",
           "promoted", "paid content", "partner content"),
    "de": ("anzeige", "werbung", "sponsored", "gesponsert", "anzeigen"),
    "es": ("publicidad", "anuncio", "patrocinado", "contenido patrocinado"),
    "fr": ("publicité", "pub", "annonce", "contenu sponsorisé", "sponsorisé"),
    "it": ("pubblicità", "annuncio", "sponsorizzato", "contenuto sponsorizzato"),
    "pt": ("publicidade", "anúncio", "patrocinado", "conteúdo patrocinado"),
    "nl": ("advertentie", "gesponsord", "reclame"),
    "pl": ("reklama", "ogłoszenie", "materiał sponsorowany", "artykuł sponsorowany"),
}

COPYRIGHT: Mapping[str, tuple[str, ...]] = {
    "en": ("all rights reserved",),
    "de": ("alle rechte vorbehalten",),
    "es": ("todos los derechos reservados",),
    "fr": ("tous droits réservés", "tous les droits réservés"),
    "it": ("tutti i diritti riservati", "riproduzione riservata"),
    "pt": ("todos os direitos reservados",),
    "nl": ("alle rechten voorbehouden",),
    "pl": ("wszelkie prawa zastrzeżone",),
}


def alternation(lists: Mapping[str, Iterable[str]], *extra: Iterable[str]) -> str:
    """One regular-expression alternation of every phrase, longest first (so that "lesen sie
    auch" wins over "lesen sie")."""
    phrases = {phrase for values in (*lists.values(), *extra) for phrase in values}
    return "|".join(_pattern(phrase) for phrase in sorted(phrases, key=len, reverse=True))


def _pattern(phrase: str) -> str:
    escaped = re.escape(phrase)
    return escaped.replace("'", "['’]").replace(r"\ ", r"\s+").replace(" ", r"\s+")

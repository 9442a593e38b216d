"""Words news writes for the same thing: titles and their abbreviations, country short
forms, and a few verbs and nouns reporters use interchangeably ("killed", "dead").

Groups hold folded words (``bot.text.folding.fold``: lower case, no accents); a dotted
abbreviation is read as one word ("U.S." as "us", see ``join_initials``). Every form of a
group stands for the others; multi-word forms ("united states") are matched as phrases.
"""

from __future__ import annotations

import re
from functools import cache

_GROUPS: tuple[tuple[str, ...], ...] = (
    # titles
    ("gov", "governor"), ("sen", "senator"), ("rep", "representative", "congressman",
                                               "congresswoman"),
    ("pres", "president"), ("gen", "general"), ("lt", "lieutenant"), ("col", "colonel"),
    ("capt", "captain"), ("sgt", "sergeant"), ("adm", "admiral"), ("maj", "major"),
    ("dr", "doctor"), ("prof", "professor"), ("atty", "attorney"), ("sec", "secretary"),
    ("prime minister", "premier"), ("ceo", "chief executive", "chief executive officer"),
    ("cmdr", "commander"), ("rev", "reverend"), ("supt", "superintendent"),
    # places and bodies
    ("us", "usa", "united states", "america", "american"),
    ("uk", "britain", "united kingdom", "british", "great britain"),
    ("un", "united nations"), ("eu", "european union"), ("uae", "united arab emirates"),
    ("nato", "north atlantic treaty organization"), ("fbi", "federal bureau of investigation"),
    ("cia", "central intelligence agency"),
    ("dprk", "north korea", "north korean"), ("south korea", "south korean"),
    ("gop", "republican", "republicans"), ("democrat", "democrats", "democratic"),
    # events and states
    ("killed", "dead", "died", "death", "deaths", "kill", "killing", "slain", "fatalities",
     "lives"),
    ("injured", "wounded", "hurt", "injuries", "injury"),
    ("arrested", "detained", "custody", "arrest", "apprehended"),
    ("charged", "accused", "indicted", "charges"),
    ("convicted", "guilty", "sentenced"),
    ("attack", "attacks", "assault", "strike", "strikes", "raid"),
    ("bomb", "bombing", "blast", "explosion", "explosive"),
    ("kidnapped", "abducted", "kidnapping", "abduction", "hostage"),
    ("bought", "purchased", "acquired", "buy", "purchase", "acquisition"),
    ("sued", "lawsuit", "suit", "suing"),
    ("fired", "dismissed", "sacked", "ousted"),
    ("resigned", "quit", "stepped down", "resignation"),
    ("elected", "won", "victory", "win", "winner"),
    ("married", "wife", "husband", "spouse"),
    ("children", "kids", "child", "kid"),
    ("car", "vehicle", "automobile"),
    ("police", "officers", "authorities", "cops"),
    ("troops", "soldiers", "forces", "military"),
    ("plane", "aircraft", "jet", "airliner", "flight"),
    ("ship", "vessel", "boat"),
    ("money", "cash", "funds", "funding"),
    ("grant", "funding", "subsidy", "aid"),
    ("job", "jobs", "employment", "work"),
    ("home", "house", "residence"),
    ("doctor", "physician"),
    ("film", "movie"),
    ("age", "old", "aged"),
    ("begin", "began", "start", "started", "launched"),
    ("said", "told", "says", "stated", "according"),
    ("country", "nation"),
    ("disease", "illness", "virus"),
    ("cancer", "tumor", "tumour"),
)
_INITIALS = re.compile(r"(?<!\w)[a-z](?:\.[a-z]){1,3}\.?(?!\w)")


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """Each form to the other forms of its groups."""
    related: dict[str, list[str]] = {}
    for group in _GROUPS:
        for form in group:
            others = related.setdefault(form, [])
            others.extend(other for other in group if other != form and other not in others)
    return {form: tuple(others) for form, others in related.items()}


def synonyms_of(form: str) -> tuple[str, ...]:
    """The other forms of a folded word or phrase ("gov" -> "governor"); () if none."""
    return _index().get(form, ())


def phrases() -> frozenset[str]:
    """Every multi-word form, for the caller to look for as a phrase."""
    return frozenset(form for form in _index() if " " in form)


def join_initials(folded: str) -> str:
    """Folded text with dotted initials as one word: "u.s. officials" -> "us officials"."""
    if "." not in folded:
        return folded
    return _INITIALS.sub(lambda match: match.group().replace(".", ""), folded)

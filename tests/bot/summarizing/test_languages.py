"""Summaries in the page's language: detection, stemmers and stop words, segmented scripts."""

from __future__ import annotations

import pytest

from bot.errors import InvalidOptionError
from bot.ingest.processing import Document, SummaryOptions, process_document
from bot.summarizing import NoSummaryError, check_language, language_of, languages, summarize
from bot.summarizing.algorithms import stemmer, stop_words, summarizer_for
from bot.text.words import word_count

# Short news texts written for these tests, one story (a new ferry terminal) in each language.
TEXTS: dict[str, list[str]] = {
    "german": [
        "Der Stadtrat von Lindau hat am Montag den Bau eines neuen Fährterminals beschlossen.",
        "Das Terminal soll den alten Holzsteg ersetzen, den Stürme im Winter zweimal beschädigt "
        "haben.",
        "Der Bau kostet die Stadt zwölf Millionen Euro und dauert zwei Jahre, teilte der Rat mit.",
        "Anwohner kritisierten, dass das neue Terminal ihnen den Blick auf den See versperre.",
        "Die Fährgesellschaft begrüßte die Entscheidung und bestellt eine zweite Fähre.",
    ],
    "spanish": [
        "El ayuntamiento de Lindau aprobó el lunes la construcción de una nueva terminal de "
        "ferris.",
        "La terminal sustituirá al viejo muelle de madera, dañado dos veces por las tormentas "
        "del invierno.",
        "Las obras costarán doce millones de euros y durarán dos años, según el ayuntamiento.",
        "Los vecinos del puerto criticaron que la nueva terminal les tapará la vista del lago.",
        "La naviera celebró la decisión y anunció que encargará un segundo ferri para la ruta.",
    ],
    "italian": [
        "Il consiglio comunale di Lindau ha approvato lunedì la costruzione di un nuovo "
        "terminal dei traghetti.",
        "Il terminal sostituirà il vecchio pontile di legno, danneggiato due volte dalle "
        "tempeste invernali.",
        "I lavori costeranno dodici milioni di euro e dureranno due anni, ha detto il consiglio.",
        "Gli abitanti del porto hanno criticato il progetto perché coprirà la vista sul lago.",
        "La compagnia di navigazione ha accolto la decisione e ordinerà un secondo traghetto.",
    ],
    "portuguese": [
        "A câmara municipal de Lindau aprovou na segunda-feira a construção de um novo "
        "terminal de balsas.",
        "O terminal vai substituir o velho cais de madeira, danificado duas vezes pelas "
        "tempestades do inverno.",
        "As obras vão custar doze milhões de euros e durar dois anos, segundo a câmara.",
        "Os moradores do porto criticaram o projeto porque o terminal vai tapar a vista do lago.",
        "A empresa de navegação elogiou a decisão e vai encomendar uma segunda balsa para a rota.",
    ],
    "french": [
        "Le conseil municipal de Lindau a approuvé lundi la construction d'un nouveau terminal "
        "de ferry.",
        "Le terminal remplacera le vieux ponton en bois, endommagé deux fois par les tempêtes "
        "de l'hiver.",
        "Les travaux coûteront douze millions d'euros et dureront deux ans, selon le conseil.",
        "Les riverains du port ont critiqué le projet, car le terminal masquera la vue sur le lac.",
        "La compagnie de navigation a salué la décision et commandera un deuxième ferry.",
    ],
    "chinese": [
        "林道市议会周一投票决定在港口修建一座新的渡轮码头。",
        "新码头将取代去年冬天两次被风暴损坏的旧木栈桥。",
        "市议会表示，这个项目将耗资一千二百万欧元，工期为两年。",
        "港口附近的居民批评说，新码头会挡住他们看湖的视线。",
        "渡轮公司对这一决定表示欢迎，并宣布将为这条航线再订购一艘渡轮。",
    ],
    "japanese": [
        "リンダウ市議会は月曜日、港に新しいフェリーターミナルを建設することを決定した。",
        "新しいターミナルは、昨年の冬に嵐で二度損傷した古い木製の桟橋に代わるものだ。",
        "市議会によると、建設費は千二百万ユーロで、完成までに二年かかる見込みだという。",
        "港の近くに住む住民は、新しいターミナルが湖の眺めを遮ると批判している。",
        "フェリー会社はこの決定を歓迎し、航路のために二隻目のフェリーを発注すると発表した。",
    ],
    "korean": [
        "린다우 시의회는 월요일 항구에 새로운 여객선 터미널을 짓기로 결정했다.",
        "새 터미널은 지난겨울 폭풍으로 두 번이나 부서진 낡은 나무 부두를 대신하게 된다.",
        "시의회에 따르면 공사비는 천이백만 유로이며 완공까지 이 년이 걸릴 전망이다.",
        "항구 근처 주민들은 새 터미널이 호수 전망을 가릴 것이라고 비판했다.",
        "여객선 회사는 이번 결정을 환영하며 두 번째 여객선을 주문하겠다고 밝혔다.",
    ],
}


def article(language: str) -> str:
    return "\n\n".join(TEXTS[language])


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_the_language_is_detected_from_the_text(language: str) -> None:
    assert language_of(article(language)) == language


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_every_language_gets_a_summary_of_its_own_sentences(language: str) -> None:
    summary = summarize(article(language), sentences=2)
    assert len(summary.sentences) == 2
    assert set(summary.sentences) <= set(TEXTS[language])
    assert summary.words_in > summary.words_out > 0


@pytest.mark.parametrize(
    ("language", "word", "stem", "stop_word"),
    [
        ("german", "Häuser", "haus", "und"),
        ("spanish", "ciudades", "ciudad", "el"),
        ("italian", "traghetti", "traghett", "il"),
        ("portuguese", "cidades", "cidad", "de"),
        ("french", "tempêtes", "tempêt", "le"),
        ("dutch", "huizen", "huiz", "het"),  # stop words from spaCy: Sumy has none for Dutch
        ("russian", "городах", "город", "и"),
    ],
)
def test_stemmer_and_stop_words_are_the_languages_own(language: str, word: str, stem: str,
                                                      stop_word: str) -> None:
    assert stemmer(language)(word.lower()) == stem
    assert stop_word in stop_words(language)
    assert stop_word in summarizer_for("news", language)._stop_words


@pytest.mark.parametrize(
    ("given", "key"),
    [("de", "german"), ("DE", "german"), ("pt-BR", "portuguese"), ("pt_PT", "portuguese"),
     ("German", "german"), ("zh-Hant", "chinese"), ("nb", "norwegian"), ("tr", "tr")],
)
def test_languages_are_named_by_name_or_code(given: str, key: str) -> None:
    assert check_language(given) == key


def test_an_unknown_language_name_is_refused() -> None:
    with pytest.raises(InvalidOptionError, match="klingon"):
        summarize(article("german"), language="klingon")


def test_the_declared_language_is_used_unless_the_text_contradicts_it() -> None:
    german = article("german")
    assert language_of(german, "de-DE") == "german"
    assert language_of(german, None) == "german"
    # A site template that says English on a German article, or on a Chinese one.
    assert language_of(german, "en") == "german"
    assert language_of(article("chinese"), "en") == "chinese"
    # Too little text to overrule the page: the page is believed.
    assert language_of("Der Rat tagt.", "en") == "english"
    # Garbage in the page's metadata is ignored.
    assert language_of(german, "x-default!") == "german"


def test_chinese_and_japanese_words_are_character_pairs() -> None:
    assert word_count("市议会批准了预算。") == 4  # eight characters, about two per word
    summary = summarize(article("japanese"), sentences=1, language="ja")
    assert summary.sentences[0].endswith("。")


def test_thai_sentences_end_at_spaces() -> None:
    thai = ("สภาเมืองลินเดาอนุมัติการสร้างท่าเรือข้ามฟากแห่งใหม่เมื่อวันจันทร์ "
            "ท่าเรือใหม่จะมาแทนที่สะพานไม้เก่าที่ถูกพายุทำลายสองครั้งในฤดูหนาว "
            "โครงการนี้มีค่าใช้จ่ายสิบสองล้านยูโรและใช้เวลาก่อสร้างสองปี")
    summary = summarize(thai, sentences=2, language="th")
    assert len(summary.sentences) == 2
    assert all(" " not in sentence for sentence in summary.sentences)


# Bengali marks a sentence's end with "।", which the offline splitter does not read.
BENGALI = "\n\n".join(
    ["লিন্ডাউ নগর পরিষদ সোমবার বন্দরে একটি নতুন ফেরি টার্মিনাল নির্মাণের সিদ্ধান্ত নিয়েছে। "
     "নতুন টার্মিনালটি পুরনো কাঠের জেটির জায়গা নেবে যা গত শীতে দুবার ঝড়ে ক্ষতিগ্রস্ত হয়েছিল। "
     "পরিষদ জানিয়েছে প্রকল্পটির খরচ হবে বারো মিলিয়ন ইউরো এবং এটি শেষ হতে দুই বছর লাগবে।"] * 3
)


def test_a_language_the_splitter_cannot_read_says_so() -> None:
    with pytest.raises(NoSummaryError, match="not available for this language"):
        summarize(BENGALI, language="bn")


def test_the_article_is_kept_when_no_summary_can_be_made() -> None:
    processed = process_document(Document(BENGALI, "text"), SummaryOptions())
    assert processed.article.text.startswith("লিন্ডাউ")
    assert processed.summary.sentences == ()
    assert processed.summary.unavailable is not None
    assert "not available for this language" in processed.summary.unavailable
    assert processed.summary.words_in > 0


ENGLISH = (
    "The council of Lindau voted on Monday to build a new ferry terminal, which will replace "
    "the old wooden pier that storms damaged twice in the winter. The work will cost the town "
    "twelve million euros and take two years, the council said. Residents who live by the "
    "harbour said that the new terminal would block their view of the lake, and that they had "
    "not been asked.")


def test_plain_english_is_known_without_loading_the_language_model(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # English prose full of "the", "of", "said": the model (half a second to load) is not
    # needed; any other language still goes to it.
    def no_model() -> None:
        raise AssertionError("the language model was loaded")

    monkeypatch.setattr(languages, "_identifier", no_model)
    assert language_of(ENGLISH) == "english"
    assert language_of(ENGLISH, "de") == "english"  # a German site's template, overruled


@pytest.mark.parametrize("language", sorted(set(TEXTS) - {"english"}))
def test_other_languages_never_read_as_english_by_their_function_words(language: str) -> None:
    assert not languages._reads_as_english(article(language) * 3)

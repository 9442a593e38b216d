-- What /ask needs to know about each sentence of an article, computed once in the worker
-- when the article is stored: the entities and numbers each sentence holds (person,
-- organisation, place, date, number, money, percentage, group) and, for a sentence whose
-- subject is a pronoun ("She", "The company"), the name it refers to. One JSON document per
-- article (bot.knowledge.notes reads and writes it), keyed by the article's sentences as
-- bot.text.sentences.split_sentences splits the stored text. Articles stored before this
-- migration have no row; /ask then recognises numbers and dates from the text alone.
CREATE TABLE article_sentence_notes (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    notes      TEXT    NOT NULL
);

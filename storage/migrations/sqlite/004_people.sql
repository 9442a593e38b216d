-- What newsbot understands about each article: derived topics, the people it names, the
-- sentences that mention them and their quotes. Every row belongs to one article, so it is
-- visible only in that article's scope (queries always join articles on scope).

-- 1: a key phrase found in the text because the page gave no tags; 0: the page's own tag.
ALTER TABLE article_tags ADD COLUMN derived INTEGER NOT NULL DEFAULT 0;

CREATE TABLE article_people (
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    person_key    TEXT    NOT NULL,  -- folded full name: "mircea geoana"
    surname_key   TEXT    NOT NULL,  -- folded surname: "geoana", "von der leyen"
    name          TEXT    NOT NULL,  -- as the article wrote it: "Mircea Geoană"
    role          TEXT,              -- "NATO Deputy Secretary General", when the text says
    mention_count INTEGER NOT NULL,
    position      INTEGER NOT NULL,  -- order of first mention in the article
    PRIMARY KEY (article_id, person_key)
);

-- Autocomplete and lookups are prefix or equality queries on the folded keys.
CREATE INDEX article_people_key ON article_people (person_key);
CREATE INDEX article_people_surname ON article_people (surname_key);

CREATE TABLE person_sentences (
    article_id INTEGER NOT NULL,
    person_key TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('mention', 'quote')),
    position   INTEGER NOT NULL,
    sentence   TEXT    NOT NULL,
    PRIMARY KEY (article_id, person_key, kind, position),
    FOREIGN KEY (article_id, person_key)
        REFERENCES article_people (article_id, person_key) ON DELETE CASCADE
);

-- The tags and people of one scope over a period: articles by scope and date already have
-- articles_scope_created; tags by article come from the primary key.
CREATE INDEX article_tags_key_article ON article_tags (tag_key, article_id);

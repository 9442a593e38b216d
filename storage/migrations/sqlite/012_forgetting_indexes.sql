-- Deleting an article recounts its topics and people per scope (the triggers of migration
-- 005): which scopes still hold a topic was a scan of every scope's rows of every topic.
CREATE INDEX topic_articles_key_scope ON topic_articles (tag_key, scope);
CREATE INDEX person_articles_key_scope ON person_articles (person_key, scope);

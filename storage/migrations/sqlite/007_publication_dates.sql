-- Dates in search: before:/after: compare the day an article was published, or, when its page
-- gave none, when it was first shared here (articles.created_at). Listings show the same.

-- Publication dates are ISO days (YYYY-MM-DD). Rows stored before the extractor checked them
-- are cut to their day when they start with one, and cleared when they are not a real day
-- (date(julianday()) of "2019-02-30" is "2019-03-02", not the same text; date() alone keeps it).
UPDATE articles SET published = substr(published, 1, 10)
WHERE published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]?*';

UPDATE articles SET published = NULL
WHERE published IS NOT NULL AND date(julianday(published)) IS NOT published;

-- The filter's expression, indexed per scope: a date range reads a range of this index (ids
-- included), never the article rows, which are several kilobytes each. storage/search.py
-- spells the expression the same way, which SQLite requires to use the index; the two columns
-- after it make the index covering (SQLite does not see that the expression alone suffices).
CREATE INDEX articles_scope_dated
ON articles (scope, coalesce(published, created_at), published, created_at);

-- Listing a date range latest first (search without words) walks a scope's articles by share
-- time when the range holds many of them; with the publication date in the index that walk
-- reads no article row either.
DROP INDEX articles_scope_created;
CREATE INDEX articles_scope_created ON articles (scope, created_at, published);

"""Feeds become plain items: RSS 0.9x/1.0/2.0, Atom and JSON Feed; identity by guid, then
link, then title and date; malformed feeds read as far as possible, with a clear status."""

from __future__ import annotations

import pytest

from bot.feeds.parsing import NotAFeedError, item_identity, parse_feed
from tests.bot.feeds.feed_texts import BASE_DATE, Entry, atom, entries, json_feed, rss, rss1


def test_rss2_items_come_newest_first_with_guid_link_title_date_and_plain_summary() -> None:
    body = rss([Entry("g-1", "Ferry <b>approved</b>", "http://example.org/a", BASE_DATE,
                      "<p>The council &amp; the port agreed.</p>")], ttl=60)
    feed = parse_feed(body.encode(), "http://example.org/feed.xml")
    assert feed.title == "Eastport Herald"
    assert feed.ttl_minutes == 60
    assert feed.problem is None
    [item] = feed.items
    assert item.identity == "id:g-1"
    assert item.link == "http://example.org/a"
    assert item.title == "Ferry <b>approved</b>"
    assert item.published == BASE_DATE
    assert item.summary == "The council & the port agreed."


def test_atom_rss1_and_json_feed_are_read() -> None:
    items = entries(["b", "a"])
    for body, content_type in ((atom(items), "application/atom+xml"),
                               (rss1(items), "application/rdf+xml"),
                               (json_feed(items), "application/feed+json")):
        feed = parse_feed(body.encode(), "http://example.org/feed", content_type)
        assert [item.link for item in feed.items] == ["http://example.org/b",
                                                      "http://example.org/a"], content_type
        assert all(item.title for item in feed.items)


def test_rss_091_is_read() -> None:
    body = ('<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title>'
            "<link>http://example.org/</link><description>d</description>"
            "<item><title>One</title><link>http://example.org/one</link></item>"
            "</channel></rss>")
    [item] = parse_feed(body.encode(), "http://example.org/rss").items
    assert item.identity == "link:http://example.org/one"


def test_identity_is_guid_then_link_then_title_and_date() -> None:
    assert item_identity("x", "http://a", "t", BASE_DATE) == "id:x"
    assert item_identity(None, "http://a", "t", BASE_DATE) == "link:http://a"
    by_title = item_identity(None, None, "t", BASE_DATE)
    assert by_title.startswith("hash:")
    assert by_title == item_identity(None, None, "t", BASE_DATE)
    assert by_title != item_identity(None, None, "t", None)


def test_relative_links_are_resolved_against_the_feed() -> None:
    body = rss([Entry("g", "Rel", "/news/rel")])
    [item] = parse_feed(body.encode(), "http://example.org/feeds/main.xml").items
    assert item.link == "http://example.org/news/rel"


def test_a_malformed_feed_keeps_its_items_and_says_what_is_wrong() -> None:
    body = rss(entries(["a"])).replace("</channel></rss>", "<item><title>broken &")
    feed = parse_feed(body.encode(), "http://example.org/feed")
    assert feed.problem is not None
    assert feed.problem.startswith("the feed is malformed")
    assert next(item.title for item in feed.items) == "Story a"


@pytest.mark.parametrize("body", [b"<html><body>Hello</body></html>", b"just text",
                                  b'{"not": "a feed"}', b"{broken json"])
def test_a_document_with_no_feed_is_refused_clearly(body: bytes) -> None:
    with pytest.raises(NotAFeedError, match="not"):
        parse_feed(body, "http://example.org/x")

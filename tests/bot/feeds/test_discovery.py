"""A page that advertises its feed is resolved to it."""

from __future__ import annotations

from bot.feeds.discovery import discover_feeds


def test_the_advertised_feeds_are_found_rss_first_and_resolved_against_the_page() -> None:
    html = """<html><head>
    <link rel="stylesheet" href="/style.css">
    <link rel="alternate" type="application/atom+xml" href="/atom.xml" title="Atom">
    <link rel="Alternate" type="application/rss+xml; charset=utf-8" href="feed/rss.xml">
    <link rel="alternate" type="text/html" hreflang="de" href="/de/">
    </head><body><a href="/other.xml">not a feed link</a></body></html>"""
    assert discover_feeds(html, "http://example.org/news/") == [
        "http://example.org/news/feed/rss.xml", "http://example.org/atom.xml"]


def test_a_base_element_changes_what_relative_links_mean() -> None:
    html = ('<head><base href="http://cdn.example.org/site/"><link rel="alternate" '
            'type="application/feed+json" href="feed.json"></head>')
    assert discover_feeds(html, "http://example.org/") == ["http://cdn.example.org/site/feed.json"]


def test_a_page_without_a_feed_link_and_odd_schemes_give_nothing() -> None:
    assert discover_feeds("<html><head><title>x</title></head></html>", "http://a/") == []
    html = '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
    assert discover_feeds(html, "http://a/") == []

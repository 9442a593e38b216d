"""OPML in and out: what feed readers export is read, and an export reads back the same."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInputError
from bot.feeds.opml import OpmlFeed, read_opml, write_opml

READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>My subscriptions</title></head><body>
<outline text="News" title="News">
  <outline type="rss" text="Eastport Herald" title="Eastport Herald"
           xmlUrl="http://example.org/herald.xml" htmlUrl="http://example.org/"/>
  <outline type="rss" text="Nordhavn Tidende" xmlUrl="http://example.org/tidende.atom"/>
</outline>
<outline type="rss" text="Duplicate" xmlUrl="http://example.org/herald.xml"/>
<outline text="A folder with nothing"/>
</body></opml>"""


def test_a_feed_readers_export_is_read_with_nested_folders_and_no_duplicates() -> None:
    assert read_opml(READER_EXPORT) == [
        OpmlFeed("http://example.org/herald.xml", "Eastport Herald"),
        OpmlFeed("http://example.org/tidende.atom", "Nordhavn Tidende")]


def test_an_export_reads_back_the_same_feeds_with_their_filters() -> None:
    feeds = [OpmlFeed("http://example.org/a.xml", "Å & B <news>", 'ferry -"car park"'),
             OpmlFeed("http://example.org/b.xml")]
    assert read_opml(write_opml(feeds)) == feeds


@pytest.mark.parametrize(("data", "reason"), [
    (b"not xml at all", "not valid OPML"),
    (b"<rss><channel/></rss>", "not OPML"),
    (b"<opml><body><outline text='x'/></body></opml>", "no feeds"),
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><opml/>', "document type"),
    (b"<opml>" + b" " * (1024 * 1024) + b"</opml>", "larger than 1 MB"),
])
def test_bad_files_are_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidInputError, match=reason):
        read_opml(data)

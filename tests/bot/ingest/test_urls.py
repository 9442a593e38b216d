import pytest

from bot.errors import UnsupportedUrlError
from bot.ingest.urls import check_fetchable, dedup_key, find_links


@pytest.mark.parametrize("variant", [
    "https://example.com/news/story",
    "https://example.com/news/story/",
    "HTTPS://WWW.Example.com:443/news/story",
    "https://example.com/news/story?utm_source=twitter&utm_medium=social",
    "https://example.com/news/story?fbclid=abc123#comments",
    "https://example.com/news/story/?gclid=x&ref=homepage",
])
def test_dedup_key_is_the_same_for_the_same_page(variant: str) -> None:
    assert dedup_key(variant) == dedup_key("https://example.com/news/story")


def test_dedup_key_keeps_parameters_that_name_the_article() -> None:
    assert dedup_key("https://example.com/story?id=5") != dedup_key("https://example.com/story?id=6")
    assert dedup_key("https://example.com/s?b=2&a=1") == dedup_key("https://example.com/s?a=1&b=2")


def test_dedup_key_keeps_path_case_and_distinguishes_schemes_ports_and_paths() -> None:
    assert dedup_key("https://example.com/A") != dedup_key("https://example.com/a")
    assert dedup_key("https://example.com:8443/a") != dedup_key("https://example.com/a")


@pytest.mark.parametrize(("url", "reason"), [
    ("", "empty"),
    ("ftp://example.com/file", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("https://", "no host"),
    ("https://user:secret@example.com/", "user name or password"),
    ("https://example.com:99999/", "malformed"),
    ("https://example.com/" + "a" * 2100, "longer than"),
])
def test_check_fetchable_refuses_what_cannot_be_fetched(url: str, reason: str) -> None:
    with pytest.raises(UnsupportedUrlError, match=reason):
        check_fetchable(url)


def test_find_links_in_order_without_duplicates_or_trailing_punctuation() -> None:
    text = ("Read https://example.com/a, and (https://example.com/b). "
            "Again: https://example.com/a?utm_source=x! Also https://en.wikipedia.org/wiki/Foo_(bar)")
    assert find_links(text, limit=5) == [
        "https://example.com/a", "https://example.com/b", "https://en.wikipedia.org/wiki/Foo_(bar)"]


def test_find_links_ignores_code_and_stops_at_the_limit() -> None:
    text = "`https://example.com/code` ```\nhttps://example.com/block\n``` " + " ".join(
        f"https://example.com/{n}" for n in range(10))
    assert find_links(text, limit=3) == [
        "https://example.com/0", "https://example.com/1", "https://example.com/2"]


def test_find_links_ignores_other_schemes() -> None:
    assert find_links("ftp://example.com/x mailto:a@example.com", limit=3) == []

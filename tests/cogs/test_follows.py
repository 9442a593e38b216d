"""What the follow commands say: where a follow is delivered, how often, what is unknown."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.follows.service import FollowAdded
from cogs.follows import _added_message, _where
from storage.follows import Follow


def follow(channel: str | None = None, role: str | None = None) -> Follow:
    return Follow(1, "guild:1", "5", "person", "Ada Lovelace", "ada lovelace", channel, role,
                  datetime(2026, 1, 1, tzinfo=UTC))


def test_a_follow_says_where_it_is_delivered() -> None:
    assert _where(follow()) == "by DM"
    assert _where(follow("7")) == "in <#7>"
    assert _where(follow("7", "9")) == "in <#7>, mentioning <@&9>"


def test_following_an_unseen_name_says_so_and_the_window() -> None:
    text = _added_message(FollowAdded(follow(), known=False, resumed_dms=True), 10)
    assert text.splitlines() == [
        "Following the person “Ada Lovelace”: new articles shared here will be announced "
        "by DM, at most once every 10 minutes.",
        "Nothing shared here names “Ada Lovelace” yet; you will hear when something does.",
        "Your paused DM follows are delivered again."]
    assert "every 1 minute." in _added_message(FollowAdded(follow(), True, False), 1)

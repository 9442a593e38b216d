"""Channel summary modes, members' opt-outs and reaction claims against a real SQLite file."""

from __future__ import annotations

from storage.database import Database
from storage.settings import SettingsRepository


async def test_a_channel_is_auto_until_set_and_keeps_the_older_on_off_meaning(
        database: Database) -> None:
    settings = SettingsRepository(database)
    assert await settings.channel_mode(10) == "auto"
    await settings.set_autosummary(1, 10, False)
    assert await settings.channel_mode(10) == "off"
    await settings.set_channel_mode(1, 10, "reaction")
    assert await settings.channel_mode(10) == "reaction"
    assert not await settings.autosummary_enabled(10)
    await settings.set_autosummary(1, 10, True)
    assert await settings.channel_mode(10) == "auto"


async def test_rows_written_before_modes_existed_read_as_auto_or_off(
        database: Database) -> None:
    async with database.transaction() as connection:
        await connection.execute(
            "INSERT INTO channel_settings (channel_id, guild_id, autosummary, updated_at) "
            "VALUES ('20', '1', 0, 'x'), ('21', '1', 1, 'x')")
    settings = SettingsRepository(database)
    assert await settings.channel_mode(20) == "off"
    assert await settings.channel_mode(21) == "auto"


async def test_an_opt_out_is_per_member_and_per_server(database: Database) -> None:
    settings = SettingsRepository(database)
    await settings.set_opted_out("guild:1", 5, True)
    await settings.set_opted_out("guild:1", 5, True)
    assert await settings.opted_out("guild:1", 5)
    assert not await settings.opted_out("guild:2", 5)
    assert not await settings.opted_out("guild:1", 6)
    await settings.set_opted_out("guild:1", 5, False)
    assert not await settings.opted_out("guild:1", 5)


async def test_a_message_is_claimed_for_a_reaction_summary_once(database: Database) -> None:
    settings = SettingsRepository(database)
    assert await settings.claim_reaction_summary(10, 99) is True
    assert await settings.claim_reaction_summary(10, 99) is False
    assert await settings.claim_reaction_summary(10, 100) is True


async def test_a_one_time_claim_is_granted_once_ever(database: Database) -> None:
    repository = SettingsRepository(database)
    assert await repository.claim_once("welcomed:1")
    assert not await repository.claim_once("welcomed:1")
    assert await repository.claim_once("welcomed:2")

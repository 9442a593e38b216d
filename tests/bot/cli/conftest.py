"""The digest's test world (tests/support/digest_world.py) for these tests."""

from tests.support.digest_world import clock, sender, world  # noqa: F401  fixtures

"""Robustness tests reuse the end-to-end fixtures: the emulator, pages and the running bot."""

from tests.e2e.conftest import articles, emulator, newsbot, scenario  # noqa: F401

"""Imported by the forkserver only: builds trafilatura and the HTML extraction rules."""

from bot.preload import build
from bot.processing import prepare_pages

build(prepare_pages)

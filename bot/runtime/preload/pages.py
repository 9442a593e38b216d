"""Imported by the forkserver only: builds trafilatura and the HTML extraction rules."""

from bot.ingest.processing import prepare_pages
from bot.runtime.preload import build

build(prepare_pages)

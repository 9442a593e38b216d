"""Imported by the forkserver only: builds the summarizers and plain-text extraction."""

from bot.ingest.processing import prepare_summaries
from bot.runtime.preload import build

build(prepare_summaries)

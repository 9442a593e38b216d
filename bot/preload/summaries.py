"""Imported by the forkserver only: builds the summarizers and plain-text extraction."""

from bot.preload import build
from bot.processing import prepare_summaries

build(prepare_summaries)

"""Imported by the forkserver only: builds the spaCy person model and key-phrase rules."""

from bot.ingest.processing import prepare_people
from bot.runtime.preload import build

build(prepare_people)

"""Imported by the forkserver only: builds the spaCy person model and key-phrase rules."""

from bot.preload import build
from bot.processing import prepare_people

build(prepare_people)

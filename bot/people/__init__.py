"""Named people in article text: recognition, merging of mentions, roles and quotes.

Importing this package is cheap; the spaCy model loads on the first ``find_people`` call
in each process and stays loaded.
"""

from bot.people.names import fold_name, matches, person_key, surname_of
from bot.people.recognize import PersonFound, find_people, people_jsonl_line

__all__ = [
    "PersonFound",
    "find_people",
    "fold_name",
    "matches",
    "people_jsonl_line",
    "person_key",
    "surname_of",
]

"""An article written for these tests, which several steps of recognition are checked on."""

from __future__ import annotations

import pytest

from bot.people import PersonFound, find_people

FINANCE_ARTICLE = """Finance ministers met in Lisbon on Tuesday to agree on new rules \
for emergency loans.

"Nobody got everything they wanted, and that is a sign the result is fair," said Portuguese \
Finance Minister Inês Carvalho after the talks.

Mr Carvalho's counterpart from Germany, Thomas Brenner, the state secretary for finance, \
said Berlin had pushed for stricter conditions.

"We will defend this text in parliament," he added.

Carvalho, who chaired the meeting, will present the deal to the Ines Carvalho Institute \
next week, and economists at Johns Hopkins University praised it. Ines Carvalho's office \
said the fund would open in October.
"""


@pytest.fixture
def finance_article() -> str:
    return FINANCE_ARTICLE


@pytest.fixture(scope="module")
def article_people() -> dict[str, PersonFound]:
    """The people of the finance article, by key."""
    return {person.key: person for person in find_people(FINANCE_ARTICLE)}

"""Products, works, places and companies named like people (bot.people.things), checked
through ``find_people`` with the real model package."""

from __future__ import annotations

from bot.people import find_people

THINGS = """The new 16-inch Lumatek Pro is a heck of a laptop, and the old Lumatek Pro is not.

Orbital Works will offer its Silver Crescent lander to the agency, and our Silver Crescent \
lander is big, said Tove Lindqvist, the company's vice president.

A telescope atop Mauna Keralo found water. Scientists on Mauna Keralo were pleased.

Marisol Achebe joined Amberline Energy last year; Amberline Energy shares rose.

The Harbour Cup Finals begin on Friday in Porto.
"""


def test_products_places_events_and_companies_named_like_people_are_not_people() -> None:
    names = {person.name for person in find_people(THINGS)}
    assert "Tove Lindqvist" in names
    assert "Marisol Achebe" in names
    for thing in ("Lumatek Pro", "Silver Crescent", "Mauna Keralo", "Amberline Energy",
                  "Harbour Cup Finals", "Orbital Works"):
        assert not any(thing in name for name in names), (thing, names)

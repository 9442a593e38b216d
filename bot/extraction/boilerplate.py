"""Lines that belong to the page around an article, not to the article."""

from __future__ import annotations

import re

_BOILERPLATE = re.compile(
    r"""^(?:
        (?:copyright|\(c\)|©).*                              # copyright notices
      | .*\ball\ rights\ reserved\b.*
      | .*\bmay\ not\ be\ (?:published|reproduced|redistributed)\b.*
      | (?:see\ all\b.*)                                     # "See all Hill.TV See all Video"
      | (?:most\ (?:popular|read|viewed|shared))\b.{0,40}
      | (?:load|show|read|view)\ more\b.{0,80}
      | (?:related(?:\ (?:articles|stories|coverage|content))?)\b.{0,80}
      | (?:advertisement|sponsored(?:\ content)?|ad)\s*
      | (?:share\ (?:this|on)\b.{0,60})
      | (?:sign\ up|subscribe)\b.{0,80}
      | (?:click\ here|scroll\ down)\b.{0,80}
      | (?:photo|image|picture|video)\ ?(?:credit)?\s*[:|].*   # captions and credits
      | .*\b(?:we\ use\ cookies|cookie\ (?:policy|settings|preferences))\b.*
      | (?:follow\ us|follow\ (?:@|on\ ))\b.{0,60}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_boilerplate_line(line: str) -> bool:
    return bool(_BOILERPLATE.match(line.strip()))

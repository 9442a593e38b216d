"""Prepare a parsed page for trafilatura: source whitespace as a browser reads it, boilerplate
blocks removed, and the element that holds the article protected from rules on class names.

Class and id names are weak evidence: sites put ``cookie-consent`` on ``<body>``, ``related`` or
``header`` on the article's own wrapper. So a name only ever removes an element that holds a
minor part of the page's prose. The page's prose is measured as text outside links, scripts and
styles; an element holding at least half of it is the article (or one of its wrappers) and is
never removed for its name, here or by trafilatura's own name-based rules.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml.etree import XPath
    from lxml.html import HtmlElement

__all__ = ["PRUNE_XPATH", "PreparedPage", "prepare_tree"]

# A line break inside a run of text is layout of the HTML source, not of the text: a hard-wrapped
# paragraph ("Photos\n which were...") must stay one line, or its first word is read as a label.
# Breaks at the edges of a text node are left alone: trafilatura reads some as separators.
_SOURCE_LINE_BREAK_RE = re.compile(r"(?<=\S)[ \t\r\f\v]*\n\s*(?=\S)")
_PRESERVED_TAGS = frozenset({"pre", "textarea", "script", "style", "code", "listing", "xmp"})
_UNREAD_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title"})

# An element with this share of the page's prose is where the article is.
_MAIN_SHARE = 0.5

# Elements that are never article body. Trafilatura removes most of these itself; these catch
# the ones it keeps when they sit inside the article container.
_PRUNED_TAGS = ("figcaption", "nav", "aside", "footer")
# Conditions on an element's names (XPath predicates).
_PRUNED_NAMES = (
    "contains(concat(' ', normalize-space(@class), ' '), ' caption ')",
    "contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')",
    "contains(@class, 'share-') or contains(@class, 'social-share')"
    " or contains(@class, 'sharing')",
    "contains(@class, 'related')",
    "contains(@class, 'most-popular') or contains(@class, 'mostpopular')"
    " or contains(@class, 'most-read')",
    "contains(@class, 'copyright')",
)
# A block that holds several paragraphs of its own is kept even when its name matches, unless it
# is plainly page chrome: a long cookie policy or a newsletter box is still boilerplate.
_ALWAYS_PRUNED_NAMES = (
    "contains(@class, 'cookie') or contains(@id, 'cookie')"
    " or contains(@class, 'consent') or contains(@id, 'consent')",
    "contains(@class, 'newsletter') or contains(@id, 'newsletter')",
)
PRUNE_XPATH = [f"//{tag}" for tag in _PRUNED_TAGS] + [
    f"//*[{condition}]" for condition in _PRUNED_NAMES + _ALWAYS_PRUNED_NAMES]
_MANY_PARAGRAPHS = 4


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """A page ready for trafilatura, and where its article is."""

    tree: HtmlElement
    # The elements that each hold at least half of the page's prose: the article's wrappers.
    main_holders: frozenset[HtmlElement]
    # Characters of prose in the innermost of them (0 when the page has no prose).
    main_prose: int

    def unname_main_holders(self) -> bool:
        """Take off the names trafilatura would discard the article's own wrappers for;
        ``False`` when there was none to take off."""
        return _unname(self.main_holders)


def prepare_tree(tree: HtmlElement) -> PreparedPage:
    """A copy of ``tree`` ready for trafilatura (the original is left as it was)."""
    prepared: HtmlElement = deepcopy(tree)
    _collapse_source_whitespace(prepared)
    totals = _prose_totals(prepared)
    if _join_split_body(prepared, totals):
        totals = _prose_totals(prepared)
    protected = main_text_holders(prepared, totals)
    _prune(prepared, protected)
    _keep_article_headers(prepared, protected)
    _move_leads_into_body(protected)
    main_prose = min((totals[element] for element in protected), default=0)
    return PreparedPage(prepared, frozenset(protected), main_prose)


def _join_split_body(tree: HtmlElement, totals: dict[HtmlElement, int]) -> bool:
    """Gather an article body that the page splits into several containers of one class
    (ad rows between them) into the first, so that trafilatura sees all of it.

    Only containers that together hold half of the page's prose, each in its own row (their own
    parents) of one section (a grandparent in common): a next article appended below is further
    away, and containers side by side in one parent are already one block to trafilatura.
    """
    page = totals.get(tree, 0)
    if not page:
        return False
    groups: dict[tuple[str, str], list[HtmlElement]] = {}
    for element in tree.iter():
        if _is_body_container(element):
            groups.setdefault((element.tag, element.get("class", "")), []).append(element)
    for members in groups.values():
        parts = [member for member in members
                 if not any(other in members for other in member.iterancestors())]
        parts = [part for part in parts if _near(part, parts[0])]
        if len({part.getparent() for part in parts}) < len(parts):
            continue  # containers side by side in one parent are already one block
        if len(parts) < 2 or sum(totals.get(part, 0) for part in parts) < _MAIN_SHARE * page:
            continue
        first, *rest = parts
        for part in rest:
            first.extend(list(part))
            _delete(part)
        return True
    return False


def _near(element: HtmlElement, other: HtmlElement) -> bool:
    grandparent = _grandparent(element)
    return grandparent is not None and grandparent is _grandparent(other)


def _grandparent(element: HtmlElement) -> HtmlElement | None:
    parent = element.getparent()
    return parent.getparent() if parent is not None else None


# Class words that name an article's body container on sites in every language.
_BODY_CLASS_RE = re.compile(r"(article|story|post|entry)[_-]*(body|content|text)|"
                            r"(body|content)[_-]*(article|story|post)|body__container",
                            re.IGNORECASE)


def _is_body_container(element: HtmlElement) -> bool:
    return (isinstance(element.tag, str) and element.tag in ("div", "section")
            and bool(_BODY_CLASS_RE.search(element.get("class", ""))))


def main_text_holders(tree: HtmlElement,
                      totals: dict[HtmlElement, int] | None = None) -> set[HtmlElement]:
    """The elements that each hold at least half of the page's prose (the article's wrappers)."""
    totals = _prose_totals(tree) if totals is None else totals
    page = totals.get(tree, 0)
    if page == 0:
        return set()
    return {element for element, total in totals.items()
            if total >= _MAIN_SHARE * page and element is not tree}


def _prose_totals(tree: HtmlElement) -> dict[HtmlElement, int]:
    """Characters of text in each element, leaving out links, scripts and styles."""
    totals: dict[HtmlElement, int] = {}
    for element in _reversed_elements(tree):
        if not isinstance(element.tag, str) or element.tag in _UNREAD_TAGS:
            totals[element] = 0
            continue
        own = 0 if element.tag == "a" else _letters(element.text)
        for child in element:
            child_total = totals.get(child, 0)
            if child.tag == "a":
                child_total = 0
            own += child_total + _letters(child.tail)
        totals[element] = own
    return totals


def _reversed_elements(tree: HtmlElement) -> list[HtmlElement]:
    # Reverse document order visits every child before its parent.
    return list(tree.iter())[::-1]


def _letters(text: str | None) -> int:
    return len(text.strip()) if text else 0


def _collapse_source_whitespace(tree: HtmlElement) -> None:
    kept_as_written = {
        descendant
        for element in tree.iter(*_PRESERVED_TAGS)
        for descendant in element.iter()
    }
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element not in kept_as_written and element.text:
            element.text = _SOURCE_LINE_BREAK_RE.sub(" ", element.text)
        parent = element.getparent()
        if element.tail and (parent is None or parent not in kept_as_written):
            element.tail = _SOURCE_LINE_BREAK_RE.sub(" ", element.tail)


def _prune(tree: HtmlElement, protected: set[HtmlElement]) -> None:
    # One pass over the tree for each of the two kinds of rule, not one per rule.
    for expression, always in _compiled_prune_xpath():
        for element in expression(tree):
            if element in protected or element.getparent() is None:
                continue
            if not always and _paragraphs(element) >= _MANY_PARAGRAPHS:
                continue
            _delete(element)


def _paragraphs(element: HtmlElement) -> int:
    return sum(1 for _ in element.iter("p"))


def _delete(element: HtmlElement) -> None:
    """Remove ``element`` but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _unname(protected: Iterable[HtmlElement]) -> bool:
    """Take off the names trafilatura would discard the article's own wrappers for.

    Only the offending class tokens go (``cookie-consent-given``), so that the names trafilatura
    looks for to find the article (``article-body``, ``entry-content``) still work.
    """
    changed = False
    for element in protected:
        if element.tag in ("html", "body"):
            continue
        if element.get("id") and _discarded_by_name("id", element.get("id")):
            del element.attrib["id"]
            changed = True
        classes = element.get("class")
        if classes and _discarded_by_name("class", classes):
            changed = True
            kept = [token for token in classes.split() if not _discarded_by_name("class", token)]
            if kept and not _discarded_by_name("class", " ".join(kept)):
                element.set("class", " ".join(kept))
            else:
                del element.attrib["class"]
    return changed


@functools.lru_cache(maxsize=4096)
def _discarded_by_name(attribute: str, value: str) -> bool:
    """Whether an element named only by ``attribute=value`` falls under a name-based rule."""
    from lxml import etree  # noqa: PLC0415  (lxml is loaded with trafilatura, in the worker)

    root = etree.Element("root")
    etree.SubElement(root, "div", {attribute: value})
    return any(expression(root) for expression in _name_rules())


@functools.cache
def _name_rules() -> tuple[Any, ...]:
    """Trafilatura's name-based discard rules, and ours."""
    from lxml.etree import XPath  # noqa: PLC0415

    xpaths = importlib.import_module("trafilatura.xpaths")
    rules: list[Any] = []
    for name in ("OVERALL_DISCARD_XPATH", "TEASER_DISCARD_XPATH", "PRECISION_DISCARD_XPATH",
                 "DISCARD_IMAGE_ELEMENTS"):
        rules.extend(getattr(xpaths, name, ()))
    rules.extend(XPath(f".//*[{condition}]")
                 for condition in _PRUNED_NAMES + _ALWAYS_PRUNED_NAMES)
    return tuple(rules)


@functools.cache
def _compiled_prune_xpath() -> tuple[tuple[XPath, bool], ...]:
    from lxml.etree import XPath  # noqa: PLC0415

    sometimes = [f"self::{tag}" for tag in _PRUNED_TAGS] + [f"({name})" for name in _PRUNED_NAMES]
    always = [f"({name})" for name in _ALWAYS_PRUNED_NAMES]
    return ((XPath(f"//*[{' or '.join(always)}]"), True),
            (XPath(f"//*[{' or '.join(sometimes)}]"), False))


def _keep_article_headers(tree: HtmlElement, protected: set[HtmlElement]) -> None:
    """A ``<header>`` inside the article that holds a paragraph of prose is the article's lead,
    not page chrome; trafilatura's precision mode drops every ``<header>``, so rename it."""
    for header in list(tree.iter("header")):
        parent = header.getparent()
        if parent is None or parent not in protected:
            continue
        if any(_is_prose(paragraph) for paragraph in header.iter("p")):
            header.tag = "div"


def _move_leads_into_body(protected: Iterable[HtmlElement]) -> None:
    """A standfirst just before the article's body container ("article__summary") is the
    article's first paragraph: make it one, inside the body, where trafilatura looks."""
    for body in protected:
        lead = body.getprevious()
        if (lead is None or lead in protected or not isinstance(lead.tag, str)
                or lead.tag not in ("div", "p", "section", "span", "h2")
                or not _LEAD_CLASS_RE.search(lead.get("class", "") + " " + lead.get("id", ""))):
            continue
        text = " ".join(lead.text_content().split())
        if len(lead) > _LEAD_CHILDREN or not _is_prose_text(text):
            continue
        paragraph = body.makeelement("p", {})
        paragraph.text = text
        body.insert(0, paragraph)
        _delete(lead)


# Class words for a standfirst: the article's lead paragraph, set apart above the body.
_LEAD_CLASS_RE = re.compile(r"summary|standfirst|lead|intro|dek\b|deck|excerpt|chapo|"
                            r"abstract|subtitle|sous-titre|untertitel|entradilla|sottotitolo|"
                            r"linha-fina|bigode", re.IGNORECASE)
# A standfirst is text with at most inline markup in it.
_LEAD_CHILDREN = 3
_PROSE_WORDS = 12
_WORD_RE = re.compile(r"\w+")


def _is_prose(paragraph: HtmlElement) -> bool:
    return _is_prose_text(paragraph.text_content())


def _is_prose_text(text: str) -> bool:
    return len(_WORD_RE.findall(text)) >= _PROSE_WORDS and text.rstrip().endswith(
        (".", "!", "?", "…", "。", "\"", "”", "»"))

"""Domain errors. Each carries a short message that is safe to show to a user as is."""

from __future__ import annotations


class NewsbotError(Exception):
    """Base class: ``str(error)`` is a one-line, user-safe reason."""


class InvalidInputError(NewsbotError):
    """The input itself is unusable: empty, binary, undecodable or malformed."""


class InvalidOptionError(NewsbotError):
    """An option is out of range or names something unknown (an algorithm, a length)."""


class FetchError(NewsbotError):
    """The page could not be fetched."""


class BlockedAddressError(FetchError):
    """The URL points at an address that newsbot refuses to fetch (private, loopback, ...)."""


class UnsupportedUrlError(FetchError):
    """The URL is not an http(s) URL newsbot can fetch."""


class HttpStatusError(FetchError):
    """The server answered with an HTTP error status."""

    def __init__(self, status: int, reason: str = "") -> None:
        self.status = status
        detail = f"{status} {reason}".strip()
        super().__init__(f"the server answered HTTP {detail}")


class FetchTimeoutError(FetchError):
    """The server took too long to connect or answer."""


class TooLargeError(FetchError):
    """The page is larger than the configured cap."""


class UnsupportedContentError(FetchError):
    """The page is not HTML or plain text."""


class TooManyRedirectsError(FetchError):
    """The redirect chain is too long or loops."""


class NotAnArticleError(NewsbotError):
    """No article text could be found in the page or text."""


class PageTooComplexError(NewsbotError):
    """The page has more elements, markup or memory needs than a worker may spend on it."""


class ProcessingTimeoutError(NewsbotError):
    """Extraction or summarizing took longer than the per-article limit."""


class DatabaseUnavailableError(NewsbotError):
    """The database file cannot be opened or used; the message names it and what to do."""

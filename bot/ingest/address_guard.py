"""Refuse to fetch from addresses that are not on the public internet (SSRF protection).

The guard works at two layers, so that no path to a socket skips it:

1. Before a request (``check_url_host``): the URL's host is normalised exactly as the HTTP
   client will normalise it (yarl, with its IDNA/UTS-46 rules), hosts that only mean an
   address after that normalisation (``①②⑦.⓪.⓪.①``, ``127。0。0。1``) are refused outright,
   and the normalised host is checked as a name (``localhost``) and as an IP literal.
2. At the connection (``PublicAddressResolver`` and ``guarded_socket``): host names are
   checked on the addresses they resolve to, inside the HTTP client's resolver, so a DNS
   answer cannot change between check and connection; and every socket the client opens is
   checked on the very address it connects to, so an IP literal that reaches the connector
   without passing the resolver is refused there too.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from bot.errors import BlockedAddressError, UnsupportedUrlError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 ranges that carry an IPv4 address in their last 32 bits.
_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")  # IPv4-mapped
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # NAT64 well-known prefix (RFC 6052)
# These reach their IPv4 address only through a translator that is never public.
_NEVER_PUBLIC_EMBEDDING = (
    ipaddress.IPv6Network("::/96"),  # IPv4-compatible (deprecated)
    ipaddress.IPv6Network("::ffff:0:0:0/96"),  # IPv4-translated (SIIT)
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # local-use NAT64 (RFC 8215)
)
# The separators IDNA reads as a full stop, besides "." itself.
_IDNA_DOTS = frozenset("\u3002\uff0e\uff61")


def is_public_address(address: IPAddress) -> bool:
    """True for globally routable unicast addresses only."""
    if isinstance(address, ipaddress.IPv4Address):
        return address.is_global and not (address.is_multicast or address.is_reserved)
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        # A packet to this address ends at the embedded IPv4 address: judge that one.
        reachable = address in _MAPPED or address in _NAT64 or address.sixtofour is not None
        return reachable and is_public_address(embedded)
    return address.is_global and not (address.is_multicast or address.is_reserved
                                      or address.is_site_local)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _MAPPED or address in _NAT64 or any(
            address in network for network in _NEVER_PUBLIC_EMBEDDING):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a URL host names literally, including legacy IPv4 spellings.

    ``2130706433``, ``0x7f.1`` and ``0177.0.0.1`` all mean 127.0.0.1 to the C resolver,
    so they are decoded the same way here.
    """
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def check_host(host: str) -> None:
    """Raise if ``host`` is an IP literal that is not public; host names are checked later."""
    address = parse_ip_literal(host)
    if address is not None and not is_public_address(address):
        raise BlockedAddressError(f"{host} is not a public internet address")


def check_url_host(url: str) -> str:
    """Check the host the HTTP client will connect to for ``url``, and return it.

    The host is normalised as aiohttp normalises it (yarl: IDNA with UTS-46 mapping), so
    fullwidth, circled, superscript or mathematical digits and ideographic full stops cannot
    spell an address that only the client sees.
    """
    written = _written_host(url)
    if any(_changes_meaning(character) for character in written):
        raise BlockedAddressError(
            f"{written} uses digits or dots outside ASCII, which would spell another address")
    try:
        host = URL(url).raw_host or ""
    except (ValueError, UnicodeError):
        raise UnsupportedUrlError("the URL's host name is malformed") from None
    name = host.rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        raise BlockedAddressError(f"{host} is not a public internet address")
    check_host(host)
    return host


def _written_host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        raise UnsupportedUrlError("the URL is malformed") from None


def _changes_meaning(character: str) -> bool:
    """A non-ASCII character that IDNA would turn into an ASCII digit or a full stop."""
    if character.isascii():
        return False
    if character in _IDNA_DOTS:
        return True
    folded = unicodedata.normalize("NFKC", character)
    return any(part.isascii() and (part.isdigit() or part == ".") for part in folded)


class PublicAddressResolver(AbstractResolver):
    """Resolves like the default resolver, then drops every non-public address."""

    def __init__(self, inner: AbstractResolver | None = None) -> None:
        self._inner = inner or DefaultResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        public = [result for result in results if _is_public_result(result)]
        if not public:
            raise BlockedAddressError(f"{host} resolves to an address that is not public")
        return public

    async def close(self) -> None:
        await self._inner.close()


def _is_public_result(result: dict[str, Any] | ResolveResult) -> bool:
    address = _address_of(str(result["host"]))
    return address is not None and is_public_address(address)


class RefusedAddressError(OSError):
    """A socket was about to connect to a non-public address (the connection-layer check)."""

    def __init__(self, address: str) -> None:
        super().__init__(errno.EACCES, f"{address} is not a public internet address")
        self.address = address


def guarded_socket(addr_info: tuple[Any, ...]) -> socket.socket:
    """aiohttp's ``socket_factory``: a socket, only for a public destination address.

    The connector calls it with the address it is about to connect to, whether that came
    from the resolver or straight from an IP literal in the URL.
    """
    family, type_, proto, _canonical_name, sockaddr = addr_info
    shown = str(sockaddr[0])
    address = _address_of(shown)
    if address is None or not is_public_address(address):
        raise RefusedAddressError(shown)
    return socket.socket(family=family, type=type_, proto=proto)


def _address_of(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None

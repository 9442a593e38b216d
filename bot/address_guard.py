"""Refuse to fetch from addresses that are not on the public internet (SSRF protection).

The check runs on the addresses a host name actually resolves to, inside the HTTP client's
resolver, so every connection (every redirect hop included) is checked, and a DNS answer
cannot be swapped between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from bot.errors import BlockedAddressError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public_address(address: IPAddress) -> bool:
    """True for globally routable unicast addresses only."""
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and friends carry an IPv4 address: judge that one.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public_address(embedded)
    return address.is_global and not address.is_multicast


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
    try:
        address = ipaddress.ip_address(str(result["host"]).split("%", 1)[0])
    except ValueError:
        return False
    return is_public_address(address)

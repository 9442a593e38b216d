import ipaddress
import socket

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from bot.errors import BlockedAddressError
from bot.ingest.address_guard import (
    PublicAddressResolver,
    RefusedAddressError,
    check_host,
    check_url_host,
    guarded_socket,
    is_public_address,
    parse_ip_literal,
)


@pytest.mark.parametrize("host", [
    "127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
    "0.0.0.0", "224.0.0.1", "255.255.255.255", "100.64.0.1", "240.0.0.1",
    "2130706433",  # decimal 127.0.0.1
    "0177.0.0.1",  # octal
    "0x7f.0.0.1",  # hexadecimal
    "017700000001",
    "[::1]", "::", "[::ffff:127.0.0.1]", "::ffff:10.0.0.1", "fe80::1", "fc00::1", "ff02::1",
    "2002:7f00:1::",  # 6to4 wrapping 127.0.0.1
    "[fe80::1%25eth0]",
])
def test_non_public_addresses_are_refused_in_every_spelling(host: str) -> None:
    with pytest.raises(BlockedAddressError):
        check_host(host)


@pytest.mark.parametrize("host", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111",
                                  "::ffff:8.8.8.8", "example.com", "news.example.org"])
def test_public_addresses_and_host_names_pass_the_literal_check(host: str) -> None:
    check_host(host)


def test_parse_ip_literal_understands_legacy_ipv4_forms() -> None:
    assert parse_ip_literal("2130706433") == ipaddress.ip_address("127.0.0.1")
    assert parse_ip_literal("example.com") is None


def test_is_public_address() -> None:
    assert is_public_address(ipaddress.ip_address("1.1.1.1"))
    assert not is_public_address(ipaddress.ip_address("192.168.0.1"))


class _FixedResolver(AbstractResolver):
    def __init__(self, addresses: list[str]) -> None:
        self.addresses = addresses

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        return [ResolveResult(hostname=host, host=address, port=port, family=family, proto=0,
                              flags=0) for address in self.addresses]

    async def close(self) -> None:
        pass


async def test_resolver_refuses_a_host_name_that_resolves_to_a_private_address() -> None:
    resolver = PublicAddressResolver(_FixedResolver(["10.1.2.3", "127.0.0.1"]))
    with pytest.raises(BlockedAddressError, match="not public"):
        await resolver.resolve("internal.example.com", 80)


async def test_resolver_keeps_only_the_public_addresses() -> None:
    resolver = PublicAddressResolver(_FixedResolver(["10.1.2.3", "93.184.216.34"]))
    results = await resolver.resolve("mixed.example.com", 80)
    assert [result["host"] for result in results] == ["93.184.216.34"]


# --- Hosts that only spell an address once normalised (issue: Unicode digits and dots) ----

# Each of these is 127.0.0.1, 10.0.0.1, 192.168.0.1 or 169.254.169.254 to the HTTP client.
UNICODE_SPELLINGS = [
    "http://①②⑦.⓪.⓪.①:8080/", "http://127。0。0。1:8080/", "http://127｡0｡0｡1/",
    "http://127．0．0．1/", "http://127.0.0.１:8080/", "http://𝟏𝟐𝟕.𝟎.𝟎.𝟏/",
    "http://¹²⁷.⁰.⁰.¹/", "http://169。254。169。254/", "http://①⓪.⓪.⓪.①/",
    "http://①⑨②.①⑥⑧.⓪.①/",
]


@pytest.mark.parametrize("url", UNICODE_SPELLINGS)
def test_hosts_with_digits_or_dots_outside_ascii_are_refused(url: str) -> None:
    with pytest.raises(BlockedAddressError, match="outside ASCII"):
        check_url_host(url)


@pytest.mark.parametrize("url", UNICODE_SPELLINGS)
def test_their_normalised_form_is_refused_too(url: str) -> None:
    # Depth: even without the look-alike rule, the host yarl (aiohttp) connects to is checked.
    normalised = URL(url).raw_host or ""
    with pytest.raises(BlockedAddressError):
        check_host(normalised)


@pytest.mark.parametrize("url", [
    "http://sub.localhost./", "http://LOCALHOST./", "http://a.b.localhost/",
    "http://ｌｏｃａｌｈｏｓｔ/",  # fullwidth letters normalise to localhost
])
def test_localhost_names_are_refused_in_every_spelling(url: str) -> None:
    with pytest.raises(BlockedAddressError):
        check_url_host(url)


@pytest.mark.parametrize("url", ["http://example.com/a", "https://münchen.de/x",
                                 "http://news.example.org:8080/", "http://8.8.8.8/",
                                 "http://ｅｘａｍｐｌｅ.com/"])
def test_public_hosts_pass_and_come_back_as_the_client_will_connect(url: str) -> None:
    assert check_url_host(url) == URL(url).raw_host


@pytest.mark.parametrize("host", [
    "::127.0.0.1",  # IPv4-compatible
    "::ffff:0:127.0.0.1",  # IPv4-translated (SIIT)
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b::7f00:1", "64:ff9b::a00:1",
    "64:ff9b:1::a9fe:a9fe", "64:ff9b:1::808:808",  # local-use NAT64: never public
    "fec0::1",  # site-local
    "::8.8.8.8",  # IPv4-compatible, even of a public address: no route reaches it
    "100::1", "2001:db8::1", "2001::1",  # discard-only, documentation, Teredo
    "::ffff:100.64.0.1", "2002:a9fe:a9fe::1",
])
def test_special_ipv6_ranges_and_embedded_private_ipv4_are_refused(host: str) -> None:
    assert not is_public_address(ipaddress.ip_address(host))
    with pytest.raises(BlockedAddressError):
        check_host(f"[{host}]")


@pytest.mark.parametrize("host", ["64:ff9b::808:808", "::ffff:8.8.8.8", "2002:808:808::1",
                                  "2606:4700:4700::1111"])
def test_translations_of_public_ipv4_stay_public(host: str) -> None:
    assert is_public_address(ipaddress.ip_address(host))


# --- The connection layer -----------------------------------------------------------------

@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1",
                                     "::ffff:127.0.0.1", "fe80::1%1", "0.0.0.0"])
def test_the_socket_factory_refuses_non_public_destinations(address: str) -> None:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with pytest.raises(RefusedAddressError, match="not a public"):
        guarded_socket((family, socket.SOCK_STREAM, 6, "", (address, 80)))


def test_the_socket_factory_opens_a_socket_for_a_public_destination() -> None:
    sock = guarded_socket((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80)))
    sock.close()

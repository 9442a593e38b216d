import ipaddress
import socket

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.address_guard import PublicAddressResolver, check_host, is_public_address, parse_ip_literal
from bot.errors import BlockedAddressError


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

"""The client's address, believing X-Forwarded-For only from the proxies we were told of.

Log-in and tracking limits count per address. Anyone can write an X-Forwarded-For header,
so believing it from every peer lets a client rotate it and never be counted. Only a peer
listed in AFTERSALES_TRUSTED_PROXIES (empty by default: believe nobody) may name the
client; the address then is the last one in the chain that is not itself a trusted proxy.
`aftersales serve` turns uvicorn's own forwarded-header handling off so this is the only one.
"""

import ipaddress
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(text: str) -> list[Network]:
    return [
        ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()
    ]


def _trusted(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def resolve(peer: str, forwarded_for: str | None, networks: list[Network]) -> str:
    """The client's address: the peer, unless a trusted proxy forwarded the request."""
    if not forwarded_for or not _trusted(peer, networks):
        return peer
    chain = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    for address in reversed(chain):
        if not _trusted(address, networks):
            return address if _is_address(address) else peer
    return chain[0] if chain and _is_address(chain[0]) else peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class TrustedProxies:
    """Rewrites the ASGI scope's client to the forwarded address from a trusted proxy."""

    def __init__(self, app: Any, trusted: str) -> None:
        self.app = app
        self.networks = parse_networks(trusted)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.networks and scope["type"] in ("http", "websocket") and scope.get("client"):
            header = dict(scope["headers"]).get(b"x-forwarded-for")
            if header:
                peer, port = scope["client"]
                client = resolve(peer, header.decode("latin-1"), self.networks)
                if client != peer:
                    scope = dict(scope, client=(client, port))
        await self.app(scope, receive, send)

"""Who is on the other end of a request: the one place that reads ``REMOTE_ADDR`` and the proxy
headers (a test fails if any other module reads ``REMOTE_ADDR``).

- ``client_address(request)``: the client's IP address. The socket's peer (``REMOTE_ADDR``),
  unless it is one of ``CCHC_TRUSTED_PROXIES`` (addresses or networks, e.g. ``10.0.0.0/8``) and
  ``CCHC_CLIENT_IP_HEADER`` is set: then the header (``X-Forwarded-For`` or ``X-Real-IP``), read
  from the right, skipping our own trusted proxies, so the first address no proxy of ours vouches
  for is the client. A client can prepend anything to ``X-Forwarded-For``; it cannot change what
  our proxy appended. Login throttling, the public survey's limits and every other limit use it.
- ``TrustedProxyMiddleware``: ``X-Forwarded-Proto``/``X-Forwarded-Host`` are believed only from a
  trusted proxy and dropped from anyone else, whatever the WSGI server does; so
  ``SECURE_PROXY_SSL_HEADER`` (HSTS, secure cookies, ``https://`` links and QR codes) follows the
  proxy's word and never a client's.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings


def absolute_url(request, path: str) -> str:
    """An absolute link to ``path`` for something that outlives the request (a feed, a printed QR
    code, an e-mail): from ``CCHC_BASE_URL`` (e.g. ``https://cchc.haiphong.gov.vn``) when set,
    never from the Host of whoever asked first; else from the request (scheme per the trusted
    proxy)."""
    base = (getattr(settings, "CCHC_BASE_URL", "") or "").rstrip("/")
    if base:
        return base + (path if path.startswith("/") else "/" + path)
    return request.build_absolute_uri(path)


PROXY_ONLY_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    out = []
    for entry in entries:
        try:
            out.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(out)


def _parse(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    ip = _parse(address or "")
    if ip is None:
        return False
    nets = _networks(tuple(getattr(settings, "CCHC_TRUSTED_PROXIES", []) or []))
    return any(ip.version == net.version and ip in net for net in nets)


def peer_address(request) -> str:
    """The socket's peer as the WSGI server reports it (a trusted proxy, or the client)."""
    return (request.META.get("REMOTE_ADDR") or "").strip()


def client_address(request) -> str:
    """The client's IP address, or ``"unknown"``. Never a header the client may set itself."""
    if request is None:
        return "unknown"
    remote = peer_address(request)
    header = getattr(settings, "CCHC_CLIENT_IP_HEADER", "")
    if header and is_trusted_proxy(remote):
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        hops = [h.strip() for h in value.split(",") if h.strip()]
        # from the right: skip our own proxies; the first other hop is the client
        for hop in reversed(hops):
            ip = _parse(hop)
            if ip is None:
                break  # garbage where our proxy writes: fall back to the peer
            if not is_trusted_proxy(hop):
                return str(ip)
        else:
            if hops and _parse(hops[0]) is not None:
                return str(_parse(hops[0]))  # every hop is ours: the left-most
    ip = _parse(remote)
    return str(ip) if ip is not None else "unknown"


class TrustedProxyMiddleware:
    """Drop the proxy-only headers unless the peer is a trusted proxy (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(peer_address(request)):
            for key in PROXY_ONLY_HEADERS:
                request.META.pop(key, None)
        return self.get_response(request)

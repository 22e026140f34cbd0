"""Fetch pages from a served site and follow every link in them (href, src, CSS url())."""

from __future__ import annotations

import re
import urllib.request
from collections import deque
from dataclasses import dataclass
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

# Other schemes, and fragments of the same page (a skip link: "#main").
SKIPPED_PREFIXES = ("mailto:", "tel:", "javascript:", "data:", "#")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    content_type: str
    body: bytes


def fetch(url: str) -> Response:
    """GET url, following redirects (as browsers and GitHub Pages do)."""
    try:
        with urllib.request.urlopen(url, timeout=20) as r:
            return Response(r.geturl(), r.status, r.headers.get_content_type(), r.read())
    except HTTPError as e:
        return Response(url, e.code, e.headers.get_content_type(), e.read())


def links_in(response: Response) -> list[str]:
    """The absolute addresses a page or stylesheet refers to, without fragments."""
    if response.content_type == "text/html":
        soup = BeautifulSoup(response.body, "html.parser")
        found = [tag.get(attr) for tag in soup.find_all(True) for attr in ("href", "src")
                 if isinstance(tag.get(attr), str)]
        found += [part.strip().split()[0] for tag in soup.find_all(srcset=True)
                  for part in tag["srcset"].split(",") if part.strip()]
    elif response.content_type == "text/css":
        found = CSS_URL.findall(response.body.decode("utf-8", "replace"))
    else:
        return []
    return [urldefrag(urljoin(response.url, link.strip()))[0]
            for link in found if link.strip() and not link.strip().startswith(SKIPPED_PREFIXES)]


def crawl(seeds: list[str], internal_prefix: str) -> tuple[dict[str, Response], list[str]]:
    """Visit everything reachable from seeds under internal_prefix.

    Returns every internal address with its response, and the broken links as
    'PAGE -> LINK (STATUS)'. Seeds are exempt from the 200 rule (a 404 page is a seed).
    """
    host = urlsplit(internal_prefix).netloc
    seen: dict[str, Response] = {}
    broken: list[str] = []
    queue = deque((seed, None) for seed in seeds)
    while queue:
        url, referrer = queue.popleft()
        if url in seen:
            response = seen[url]
        else:
            response = seen[url] = fetch(url)
            for link in links_in(response):
                if urlsplit(link).netloc == host:
                    queue.append((link, url))
        if referrer is not None and (response.status != 200 or not url.startswith(internal_prefix)):
            broken.append(f"{referrer} -> {url} ({response.status})")
    return seen, sorted(set(broken))

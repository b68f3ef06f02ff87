"""The site's link check: every local link and anchor of every page resolves."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _LinkCollector(HTMLParser):
    """Collect the ids and the href/src attributes of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src") and tag in ("a", "img", "link", "script", "iframe"):
                self.links.append(value)


def _parse(page: Path) -> _LinkCollector:
    """The ids and links of one page of the site."""
    collector = _LinkCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def broken_links(out: Path) -> list[tuple[str, str]]:
    """Every (page, link) in the site's pages whose local target or anchor is missing.

    Links with a scheme (``https:``, ``data:``, ``mailto:``) or to another host are
    not checked; a ``#fragment`` must be an id on the target page.
    """
    parsed = {page: _parse(page) for page in sorted(out.glob("*.html"))}
    broken = []
    for page, collector in parsed.items():
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append((page.name, link))
            elif parts.fragment and target.suffix == ".html":
                ids = (parsed.get(target) or _parse(target)).ids
                # Browsers try the fragment as written, then percent-decoded (nbconvert
                # writes ids such as "01-%C2%B7-Start" literally).
                if parts.fragment not in ids and unquote(parts.fragment) not in ids:
                    broken.append((page.name, link))
    return broken

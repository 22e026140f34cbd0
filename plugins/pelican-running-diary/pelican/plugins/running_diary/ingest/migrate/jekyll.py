"""A Jekyll site as `diary migrate` reads it: `_config.yml`, `_posts/`, `_drafts/`, its
pages, and the files Jekyll copies as they are (`assets/`, `images/`...).

Each post's old address comes from its `permalink`, else from the site's
(`date`, `pretty`, `ordinal`, `none` or a pattern of `:year`, `:title`...), as
Jekyll makes it; `redirect_from` (jekyll-redirect-from) adds more.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...core import frontmatter
from . import Found, Site, author_of, iso

POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown")
POST_NAME = re.compile(r"^(\d{4})-(\d\d)-(\d\d)-(.+)$")
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
# Keys only Jekyll's templates used: not carried over.
DROPPED = {"layout", "comments", "mathjax", "math", "excerpt_separator", "sitemap", "share", "redirect_from",
           "permalink", "published", "excerpt", "categories", "category", "tags", "title", "date", "description",
           "last_modified_at"}
NOT_COPIED = {".scss", ".sass", ".liquid"}
JEKYLL_FILES = {"Gemfile", "Gemfile.lock", "Rakefile", "CNAME", "README.md", "LICENSE", "package.json"}


def _front(path: Path) -> tuple[dict, str] | None:
    """A file's YAML front matter and body; None when it has none (Jekyll copies such files)."""
    try:
        text, _ = frontmatter.decode(path.read_bytes())
    except frontmatter.NotText:
        return None
    parts = frontmatter.split(text)
    if parts.front_matter is None:
        return None
    try:
        data = frontmatter.load(parts.front_matter)
    except frontmatter.FrontMatterError:
        data = frontmatter.salvage(parts.front_matter)
    return {str(k).lower(): v for k, v in data.items()}, parts.body


def _words(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split()
    return [str(item).strip() for item in items if str(item).strip()]


def address(pattern: str, *, day: str, slug: str, categories: list[str]) -> str:
    """A post's address by a Jekyll permalink pattern (`/:year/:month/:title/`)."""
    import datetime as dt

    date = dt.date.fromisoformat(day[:10])
    values = {"year": f"{date:%Y}", "month": f"{date:%m}", "day": f"{date:%d}", "i_month": str(date.month),
              "i_day": str(date.day), "short_year": f"{date:%y}", "y_day": f"{date:%j}", "title": slug,
              "slug": slug, "categories": "/".join(c.lower().replace(" ", "-") for c in categories),
              "output_ext": ".html"}
    path = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), STYLES.get(pattern, pattern))
    return re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))


def read(root: Path) -> Site:
    config = {}
    for name in ("_config.yml", "_config.yaml"):
        if (root / name).is_file():
            try:
                config = frontmatter.load((root / name).read_text(encoding="utf-8")) or {}
            except (frontmatter.FrontMatterError, UnicodeDecodeError):
                config = {}
            break
    pattern = str(config.get("permalink") or "date")
    site = Site(kind="Jekyll", root=root, found=[], files=[], skipped=[],
                url=str(config.get("url") or "").rstrip("/") + str(config.get("baseurl") or ""),
                excerpt_separator=config.get("excerpt_separator"), author=author_of(config))
    for folder, draft in (("_posts", False), ("_drafts", True)):
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else ():
            if path.is_file() and not path.name.startswith("."):
                _post(site, path, draft, pattern)
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or any(part.startswith(("_", ".")) for part in relative.parts) \
                or relative.parts[0] in ("node_modules", "vendor"):
            continue
        _other_file(site, path, relative)
    return site


def _other_file(site: Site, path: Path, relative: Path) -> None:
    """A page (Markdown with front matter), a file Jekyll copies (no front matter), or the
    old site's own machinery, left behind with the reason."""
    if path.name in JEKYLL_FILES and len(relative.parts) == 1:
        site.skipped.append((relative.as_posix(), "a file of the Jekyll site itself"))
    elif path.suffix in NOT_COPIED:
        site.skipped.append((relative.as_posix(), "a stylesheet or template of the old theme"))
    elif path.suffix not in (*POST_SUFFIXES, ".html", ".htm", ".xml", ".txt") or (front := _front(path)) is None:
        if path.suffix in POST_SUFFIXES:  # it would be read as a post here
            site.skipped.append((relative.as_posix(), "Markdown without front matter: not a page of the site"))
        else:
            site.files.append((path, relative.as_posix()))
    elif path.suffix in POST_SUFFIXES:
        _page(site, path, relative, *front)
    else:
        site.skipped.append((relative.as_posix(), "a page of the old theme's layout (HTML with front matter)"))


def _metadata(data: dict, name: str) -> dict:
    """Jekyll's front matter in Pelican's keys."""
    metadata = {"title": str(data.get("title") or name.replace("-", " ").capitalize())}
    categories = _words(data.get("categories")) + _words(data.get("category"))
    tags = _words(data.get("tags"))
    if categories:
        metadata["category"] = categories[0]
        tags = list(dict.fromkeys([*categories[1:], *tags]))
    if tags:
        metadata["tags"] = tags
    summary = data.get("excerpt") or data.get("description")
    if summary:
        metadata["summary"] = str(summary)
    if data.get("last_modified_at"):
        metadata["modified"] = iso(data["last_modified_at"])
    if data.get("published") is False or str(data.get("published")).lower() == "false":
        metadata["status"] = "draft"
    metadata.update({k: v for k, v in data.items() if k not in DROPPED and k not in metadata})
    return metadata


def _post(site: Site, path: Path, draft: bool, pattern: str) -> None:
    relative = path.relative_to(site.root).as_posix()
    if path.suffix not in POST_SUFFIXES:
        site.skipped.append((relative, f"a post in {path.suffix or 'no'} format: only Markdown posts are brought"))
        return
    front = _front(path)
    if front is None:
        site.skipped.append((relative, "no front matter (or not text): Jekyll does not publish it either"))
        return
    data, body = front
    named = POST_NAME.match(path.stem)
    slug = str(data.get("slug") or (named.group(4) if named else path.stem))
    day = iso(data.get("date")) or (f"{named.group(1)}-{named.group(2)}-{named.group(3)}" if named else None)
    if day is None:
        import datetime as dt

        day = dt.datetime.fromtimestamp(path.stat().st_mtime).isoformat(sep=" ", timespec="minutes")
    metadata = {**_metadata(data, slug), "date": day}
    if draft:
        metadata["status"] = "draft"
    categories = _words(data.get("categories")) + _words(data.get("category"))
    addresses = [] if metadata.get("status") == "draft" else [address(str(data.get("permalink") or pattern), day=day, slug=slug,
                                          categories=categories)]
    addresses += _words(data.get("redirect_from")) if addresses else []  # a draft never had an address
    site.found.append(Found(source=path, name=relative, metadata=metadata, body=body, addresses=addresses,
                            slug=slug, ids=[path.stem, relative, Path(path.relative_to(
                                site.root / ("_drafts" if draft else "_posts"))).with_suffix("").as_posix()]))


def _page(site: Site, path: Path, relative: Path, data: dict, body: str) -> None:
    if not body.strip() or path.stem == "404":
        why = "the old site's 404 page: this site has its own" if path.stem == "404" else (
            f"a page of no text that the old theme's layout `{data.get('layout', '?')}` filled: "
            "Pelican makes its own lists")
        site.skipped.append((relative.as_posix(), why))
        return
    stem = relative.parent.name if path.stem == "index" and relative.parent.parts else path.stem
    default = "/" + relative.with_suffix(".html").as_posix() if path.stem != "index" else \
        "/" + relative.parent.as_posix() + "/"
    addresses = [str(data.get("permalink") or default), *_words(data.get("redirect_from"))]
    site.found.append(Found(source=path, name=relative.as_posix(), metadata=_metadata(data, stem), body=body,
                            addresses=addresses, page=True, slug=stem, ids=[relative.as_posix()]))

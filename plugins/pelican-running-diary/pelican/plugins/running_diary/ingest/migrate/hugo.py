"""A Hugo site as `diary migrate` reads it: its config (`config.*` or `hugo.*`), the
posts and pages under `content/` with TOML, YAML or JSON front matter, page
bundles' own files, and `static/`.

Each post's old address is its `url`, else the section's pattern in
`[permalinks]`, else `/SECTION/SLUG/`, as Hugo makes them (lower case); its
`aliases` add more.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ...core import frontmatter
from . import Found, Site, author_of, iso
from .jekyll import POST_SUFFIXES, _words

CONFIGS = [f"{name}.{ext}" for name in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")]
DROPPED = {"title", "date", "publishdate", "lastmod", "draft", "tags", "categories", "description", "summary",
           "aliases", "url", "slug", "weight", "menu", "layout", "type", "toc", "math", "katex", "markup",
           "showtoc", "tocopen", "hidemeta", "comments", "images", "keywords", "expirydate", "series"}


def config_of(root: Path) -> dict:
    for name in CONFIGS:
        path = root / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            try:
                if path.suffix == ".toml":
                    import tomllib

                    return tomllib.loads(text)
                if path.suffix == ".json":
                    return json.loads(text)
                return frontmatter.load(text) or {}
            except (ValueError, frontmatter.FrontMatterError):
                return {}
    return {}


def urlize(text: str) -> str:
    """Hugo's urlize, as near as needed for an address: lower case, spaces to dashes."""
    text = re.sub(r"[^\w\s-]", "", str(text).lower(), flags=re.U)
    return re.sub(r"[\s]+", "-", text.strip())


def read(root: Path) -> Site:
    config = {str(k).lower(): v for k, v in config_of(root).items()}
    permalinks = config.get("permalinks") or {}
    site = Site(kind="Hugo", root=root, found=[], files=[], skipped=[], url=str(config.get("baseurl") or ""),
                author=author_of(config))
    content = root / "content"
    for path in sorted(content.rglob("*")) if content.is_dir() else ():
        relative = path.relative_to(content)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix in POST_SUFFIXES:
            if path.stem == "_index":
                site.skipped.append((f"content/{relative.as_posix()}", "a list page of Hugo's (_index.md): "
                                     "Pelican makes its own lists"))
            else:
                _post(site, path, relative, permalinks)
        elif not _in_bundle(relative, content):
            site.files.append((path, relative.as_posix()))
    theme = config.get("theme")
    for folder in ([root / "themes" / str(theme)] if isinstance(theme, str) else []) + [root]:
        for path in sorted((folder / "layouts" / "shortcodes").glob("*.html")):
            site.shortcodes[path.stem] = path.read_text(encoding="utf-8", errors="replace")
    static = root / "static"
    for path in sorted(static.rglob("*")) if static.is_dir() else ():
        if path.is_file() and not path.name.startswith("."):
            site.files.append((path, path.relative_to(static).as_posix()))
    return site


def _in_bundle(relative: Path, content: Path) -> bool:
    """A page bundle's own file (beside its index.md): `_post` copies it with the post."""
    return any((content / parent / "index.md").is_file() for parent in relative.parents if parent.parts)


def _post(site: Site, path: Path, relative: Path, permalinks: dict) -> None:
    name = f"content/{relative.as_posix()}"
    try:
        text, _ = frontmatter.decode(path.read_bytes())
    except frontmatter.NotText as error:
        site.skipped.append((name, str(error)))
        return
    parts = frontmatter.split(text)
    try:
        if parts.front_matter is not None:
            data = frontmatter.load(parts.front_matter)
        elif other := frontmatter.split_other(text):
            parts, syntax = other
            data = frontmatter.read_other(parts.front_matter, syntax, first_line=2).data
        else:
            data = {}
    except frontmatter.FrontMatterError as error:
        site.skipped.append((name, f"its front matter cannot be read (line {error.line}: {error.message})"))
        return
    data = {str(k).lower(): v for k, v in data.items()}
    bundle = path.stem == "index"
    stem = relative.parent.name if bundle else path.stem
    section = relative.parts[0] if len(relative.parts) > 1 else ""
    slug = str(data.get("slug") or stem)
    day = iso(data.get("date") or data.get("publishdate"))
    metadata = {"title": str(data.get("title") or stem.replace("-", " ").capitalize())}
    if day:
        metadata["date"] = day
    if data.get("lastmod"):
        metadata["modified"] = iso(data["lastmod"])
    if data.get("draft") is True or str(data.get("draft")).lower() == "true":
        metadata["status"] = "draft"
    categories, tags = _words(data.get("categories")), _words(data.get("tags")) if isinstance(
        data.get("tags"), list) else [t.strip() for t in str(data.get("tags") or "").split(",") if t.strip()]
    if categories:
        metadata["category"] = categories[0]
        tags = list(dict.fromkeys([*categories[1:], *tags]))
    if tags:
        metadata["tags"] = tags
    if data.get("summary") or data.get("description"):
        metadata["summary"] = str(data.get("summary") or data.get("description"))
    metadata.update({k: v for k, v in data.items() if k not in DROPPED and k not in metadata})
    pattern = permalinks.get(section) if isinstance(permalinks, dict) else None
    if data.get("url"):
        address = str(data["url"])
    elif pattern and day:
        address = _permalink(str(pattern), day=day, slug=str(data.get("slug") or urlize(metadata["title"])),
                             title=metadata["title"], stem=stem, section=section)
    else:
        address = f"/{section}/{slug}/".replace("//", "/").lower()
    resources = {}
    if bundle:
        for file in sorted(path.parent.rglob("*")):
            if file.is_file() and file != path and file.suffix not in POST_SUFFIXES:
                inner = file.relative_to(path.parent).as_posix()
                resources[inner] = file.relative_to(site.root / "content").as_posix()
                site.files.append((file, resources[inner]))
    page = not section or not day
    if metadata.get("status") == "draft":
        address = ""  # Hugo publishes no draft: it had no address
    site.found.append(Found(source=path, name=name, metadata=metadata, body=parts.body,
                            addresses=[a for a in (address, *_words(data.get("aliases"))) if a], page=page, slug=slug,
                            ids=[relative.as_posix(), f"/{relative.as_posix()}", relative.with_suffix("").as_posix(),
                                 stem, f"{stem}.md"], resources=resources))


def _permalink(pattern: str, *, day: str, slug: str, title: str, stem: str, section: str) -> str:
    values = {"year": day[:4], "month": day[5:7], "day": day[8:10], "slug": slug, "title": urlize(title),
              "filename": stem, "contentbasename": stem, "section": section}
    return re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), pattern).lower()

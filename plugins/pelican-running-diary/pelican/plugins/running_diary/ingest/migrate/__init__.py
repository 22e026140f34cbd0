"""`diary migrate SOURCE`: a Jekyll site, a Hugo site or a Pelican content folder,
brought into this site's content folder as Pelican-native posts.

    site = detect(Path("old-blog"))          # jekyll.read, hugo.read or pelican.read
    plan = make_plan(site)                   # every post's new file, text, and what was left
    written = write(plan, Path("content"))   # never over an existing file

The readers (jekyll.py, hugo.py, pelican.py) say what the old site holds and
where it served each post; the converters (liquid.py, shortcodes.py, with what
they share in text.py) turn a body's template syntax into Markdown Pelican
reads. Nothing here imports Pelican; the command is cli/migrate.py.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from ...core import template_syntax
from ..post_edit import write_atomic
from ..post_template import slugify


@dataclass
class Found:
    """A post or page as the old site has it, its metadata already in Pelican's keys."""

    source: Path
    name: str  # its path in the old site, as messages show it
    metadata: dict
    body: str
    addresses: list[str] = field(default_factory=list)  # where the old site served it
    page: bool = False
    slug: str = ""
    ids: list[str] = field(default_factory=list)  # how other posts link it: post_url names, ref paths
    resources: dict[str, str] = field(default_factory=dict)  # a bundle's own files -> content path


@dataclass
class Site:
    kind: str  # "Jekyll", "Hugo" or "Pelican"
    root: Path
    found: list[Found]
    files: list[tuple[Path, str]]  # static files: (source, path under content)
    skipped: list[tuple[str, str]]  # (path in the old site, why it is not brought)
    url: str = ""  # the old site's address, to recognise its absolute links
    excerpt_separator: str | None = None
    shortcodes: dict[str, str] = field(default_factory=dict)  # Hugo: the site's and theme's own, by name
    author: str = ""  # the old site's author, for posts that name none


def author_of(config: dict) -> str:
    """`author: Jo` or `author: {name: Jo}` of a Jekyll or Hugo config (Hugo also under params)."""
    for value in (config.get("author"), (config.get("params") or {}).get("author")):
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


@dataclass(frozen=True)
class Left:
    """Template syntax a post still has, where it is in the new file, and why."""

    file: str
    line: int
    kind: str
    text: str
    why: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind} {self.text} is left: {self.why}"


@dataclass
class Migrated:
    found: Found
    target: str  # path under content
    text: str  # the file to write
    done: Counter
    left: list[Left]


@dataclass
class Plan:
    site: Site
    posts: list[Migrated]


def detect(root: Path) -> Site:
    """Read `root` as the generator it was written for; ValueError if it is none of them."""
    from . import hugo, jekyll, pelican

    if not root.is_dir():
        raise ValueError(f"{root}: not a folder")
    if (root / "_posts").is_dir() or (root / "_config.yml").is_file() or (root / "_config.yaml").is_file():
        return jekyll.read(root)
    if any((root / f"{name}.{ext}").is_file() for name in ("config", "hugo") for ext in ("toml", "yaml", "yml", "json")) \
            or (root / "content").is_dir() and (root / "archetypes").is_dir():
        return hugo.read(root)
    if any(root.rglob("*.md")) or any(root.rglob("*.rst")):
        return pelican.read(root)
    raise ValueError(f"{root}: neither a Jekyll site (_posts/, _config.yml), a Hugo site (config.toml, "
                     "hugo.toml, content/) nor a Pelican content folder (Markdown posts)")


# --- addresses ---------------------------------------------------------------------------

def address_key(url: str, site_url: str = "") -> str | None:
    """An address of the old site as a lookup key: its path, decoded, without `index.html`
    or the closing slash; None for another site's address or a relative one."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc:
        own = urlsplit(site_url)
        if not own.netloc or parts.netloc.lower().removeprefix("www.") != own.netloc.lower().removeprefix("www."):
            return None
    path = unquote(parts.path)
    if not path.startswith("/"):
        return None
    prefix = urlsplit(site_url).path.rstrip("/")
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix):] or "/"
    path = re.sub(r"/index\.html?$", "/", path)
    return path.rstrip("/") or "/"


class Addresses:
    """Where each post, page and file went, by every address the old site had for it."""

    def __init__(self, site: Site, targets: dict[int, str]):
        self.site_url = site.url
        self.by_address: dict[str, str] = {}
        self.by_id: dict[str, str] = {}
        for path_from, to in ((f"/{target}", f"{{static}}/{target}") for _, target in site.files):
            self.by_address.setdefault(address_key(path_from), to)
        for found in site.found:
            link = f"{{filename}}/{targets[id(found)]}"
            for address in found.addresses:
                key = address_key(address, site.url)
                if key:
                    self.by_address.setdefault(key, link)
                    if key.endswith(".html"):
                        self.by_address.setdefault(key.removesuffix(".html"), link)
            for name in found.ids:
                self.by_id.setdefault(name, link)

    def post(self, name: str) -> str | None:
        name = name.strip().strip("\"'")
        return self.by_id.get(name) or self.by_id.get(name.rsplit("/", 1)[-1]) or self.by_id.get(name.lstrip("/"))

    def path_for(self, found: Found):
        """A link resolver for one post: its bundle's own files first, then the site's."""
        def path(url: str) -> str | None:
            plain, hash_, anchor = url.partition("#")
            if plain in found.resources:
                return f"{{static}}/{found.resources[plain]}"
            key = address_key(plain, self.site_url)
            if key == "/" and not hash_:
                return "{index}"  # the old home page: this site's
            if key is None:
                return None
            new = self.by_address.get(key)
            return new + hash_ + anchor if new else None

        return path


# --- the plan ------------------------------------------------------------------------------

def target_of(found: Found, taken: set[str]) -> str:
    """`2019/2019-05-01-easy-run.md` for a post, `pages/about.md` for a page; never two alike."""
    slug = slugify(found.slug or found.metadata.get("title") or found.source.stem)
    if found.page:
        stem = f"pages/{slug}"
    else:
        day = str(found.metadata.get("date", ""))[:10]
        stem = f"{day[:4]}/{day}-{slug}" if re.fullmatch(r"\d{4}-\d\d-\d\d", day) else f"undated/{slug}"
    target, n = f"{stem}.md", 2
    while target in taken:
        target, n = f"{stem}-{n}.md", n + 1
    taken.add(target)
    return target


def unique_slugs(found: list[Found]) -> dict[int, str]:
    """Each post's slug, the old site's (from its file name), made unique where this site's
    addresses (a month's folder) would put two posts at one: `williamsburg`, `williamsburg-2`."""
    taken: set[tuple[str, str]] = set()
    slugs = {}
    for one in found:
        base = slugify(one.slug or one.metadata.get("title") or one.source.stem)
        folder = "pages" if one.page else str(one.metadata.get("date", ""))[:7]
        slug, n = base, 2
        while (folder, slug) in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add((folder, slug))
        slugs[id(one)] = slug
    return slugs


def make_plan(site: Site) -> Plan:
    from . import liquid, shortcodes

    taken: set[str] = set()
    targets = {id(found): target_of(found, taken) for found in site.found}
    slugs = unique_slugs(site.found)
    addresses = Addresses(site, targets)
    posts = []
    for found in site.found:
        links = liquid.Links(post=addresses.post, path=addresses.path_for(found))
        if site.kind == "Jekyll":
            body, summary, done = liquid.convert(found.body, links, site.excerpt_separator)
        elif site.kind == "Hugo":
            body, summary, done, _ = shortcodes.convert(found.body, links, site.shortcodes)
        else:
            body, summary, done = found.body, None, Counter()
        metadata = {**found.metadata, "slug": slugs[id(found)]}
        if site.author and not metadata.get("author") and not metadata.get("authors"):
            metadata["author"] = site.author
        if summary and not metadata.get("summary"):
            metadata["summary"] = summary
        aliases = [a for a in dict.fromkeys(found.addresses) if address_key(a, site.url) not in (None, "/")]
        if aliases:
            metadata["aliases"] = [urlsplit(a).path for a in aliases]
        front = front_matter(metadata)
        leftovers = template_syntax.find(body, front.count("\n") + 1)
        if leftovers and all(_meant(found.body, item) for item in leftovers):
            metadata[template_syntax.SHOWN_KEY] = template_syntax.SHOWN  # {% raw %} or {{</* */>}} said so
            front = front_matter(metadata)
            leftovers = []
        left = [Left(file=targets[id(found)], line=item.line, kind=item.kind, text=item.text,
                     why=why(item, site.shortcodes))
                for item in leftovers]
        posts.append(Migrated(found=found, target=targets[id(found)], text=front + body, done=done, left=left))
    return Plan(site=site, posts=posts)


_MEANT = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw|\{\{[<%]/\*(.*?)\*/[>%]\}\}", re.S)


def _meant(original: str, item) -> bool:
    """Whether a leftover is text the old post showed on purpose: inside `{% raw %}`, or
    Hugo's `{{</* x */>}}`."""
    meant = " ".join(" ".join(part for pair in _MEANT.findall(original) for part in pair).split())
    inner = re.sub(r"^\{\{[<%]?|^\{%-?", "", item.text).strip().rstrip("…")[:15]
    return bool(inner) and inner in meant


REASONS = {
    "include": "an include of the old site's templates (_includes/): copy what it shows into the post",
    "capture": "a Liquid variable: Pelican's Markdown has no variables",
    "assign": "a Liquid variable: Pelican's Markdown has no variables",
    "if": "Liquid logic: Pelican's Markdown has none", "for": "Liquid logic: Pelican's Markdown has none",
    "post_url": "no post of that name was found to link",
    "ref": "no post of that name was found to link", "relref": "no post of that name was found to link",
}


def why(item, shortcodes: dict[str, str] | None = None) -> str:
    name = _name(item.text)
    if name in REASONS:
        return REASONS[name]
    if item.kind == "Hugo shortcode" and name in (shortcodes or {}):
        return (f"the old site's shortcode `{name}` (layouts/shortcodes/{name}.html) runs Hugo's template "
                "code, not only its arguments: write what it showed into the post")
    if item.kind == "Hugo shortcode":
        return f"Hugo's or the old theme's shortcode `{name}`: no equivalent in Pelican's Markdown"
    if item.kind == "Liquid output":
        return "a value of the old site's templates: no equivalent in Pelican's Markdown"
    return f"the tag `{name}` of Liquid or a Jekyll plugin: no equivalent in Pelican's Markdown"


def kind_of(item: Left) -> str:
    """A leftover's kind for the counts: `Liquid tag include`, `Hugo shortcode card-run`."""
    return f"{item.kind} {_name(item.text)}" if item.kind != "Liquid output" else item.kind


def _name(text: str) -> str:
    """The tag's or shortcode's name: `include` of `{% include x.html %}`."""
    return re.sub(r"^[{%<\s-]+", "", text).split(" ")[0].split("}")[0].split("%")[0].lstrip("/")


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def front_matter(metadata: dict) -> str:
    """YAML front matter between `---` lines, in the contract's order: title first."""
    order = ["title", "date", "modified", "status", "author", "category", "tags", "slug", "summary", "aliases"]
    ordered = {key: metadata[key] for key in order if key in metadata and metadata[key] not in (None, "", [])}
    ordered.update({k: v for k, v in metadata.items() if k not in ordered and v not in (None, "", [])})
    text = yaml.dump(ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{text}---\n\n"


def iso(value) -> str | None:
    """A date as the old site wrote it, as ISO text with its offset (`2019-05-01 07:00:00+02:00`)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or not str(value).strip():
        return None
    if re.fullmatch(r"\d{4}-\d\d-\d\d", str(value).strip()):
        return str(value).strip()  # a day, without a time it never had
    from dateutil import parser

    try:
        return parser.parse(str(value)).isoformat(sep=" ")
    except (ValueError, OverflowError):
        return None


# --- writing ------------------------------------------------------------------------------

@dataclass
class Written:
    posts: list[str] = field(default_factory=list)
    posts_there: list[str] = field(default_factory=list)
    files: int = 0
    files_there: int = 0


def write(plan: Plan, content: Path, progress=None) -> Written:
    """Every post and file of the plan under `content`, none over an existing file: a
    second run writes only what the first did not."""
    written = Written()
    for post in plan.posts:
        path = content / post.target
        if path.exists():
            written.posts_there.append(post.target)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                write_atomic(path, post.text.encode("utf-8"), exclusive=True)
                written.posts.append(post.target)
            except FileExistsError:
                written.posts_there.append(post.target)
        if progress:
            progress()
    for source, target in plan.site.files:
        path = content / target
        if path.exists():
            written.files_there += 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
            written.files += 1
        if progress:
            progress()
    return written

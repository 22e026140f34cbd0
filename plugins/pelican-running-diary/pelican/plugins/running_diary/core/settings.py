"""The `DIARY` settings dict: defaults, and a check of what the site sets."""

from __future__ import annotations

import ast
import runpy
from dataclasses import dataclass, field, fields
from pathlib import Path

from . import units


def _setting(default, *, choices: tuple[str, ...] = (), positive: bool = False, unit: str = "",
             off: str = "", doc: str):
    """One DIARY key: its default and what it may be, declared once. `unit` names a
    positive key's number in its error; a positive key whose default is None may
    also be None, which `off` says in words ("None for no goal")."""
    return field(default=default, metadata={"choices": choices, "positive": positive, "unit": unit,
                                            "off": off, "doc": doc})


class SettingsError(ValueError):
    """The DIARY dict itself is wrong; the build cannot guess what was meant."""


@dataclass(frozen=True)
class Zone:
    """A private zone: no point of a route within `radius_m` of its centre is ever written."""

    lat: float
    lon: float
    radius_m: float


@dataclass(frozen=True)
class Privacy:
    """What the build removes from every route it shows, and an import before writing one.

    `trim_m` comes from `DIARY["privacy"]` in pelicanconf.py; the zones and the salt
    from `private.toml` or `DIARY_PRIVATE` (core/privacy.py), never from a committed
    file: `committed_zones` counts the zones found in `DIARY` all the same (used, so
    that a local build hides them, and an error in the publish build)."""

    trim_m: float = 200  # at least this many metres (up to twice it) removed from each end
    zones: tuple[Zone, ...] = ()
    salt: str = ""  # the secret that moves each zone's centre and varies each route's trim
    committed_zones: int = 0  # zones written in DIARY["privacy"] (pelicanconf.py)
    source: str = ""  # where the zones and salt came from: "private.toml", "DIARY_PRIVATE" or ""

    @classmethod
    def from_value(cls, value) -> "Privacy":
        """Check `{"trim_m": 200}` (and zones, still read: see `committed_zones`); raise SettingsError."""
        if isinstance(value, Privacy):
            return value
        if not isinstance(value, dict):
            raise SettingsError(f"DIARY: privacy must be a dict such as {{'trim_m': 200}} "
                                f"(got {value!r})")
        errors = [f"DIARY: privacy: unknown key {key!r} (it takes trim_m; zones go in private.toml)"
                  for key in value if key not in ("trim_m", "zones")]
        trim = value.get("trim_m", cls.trim_m)
        if not _number(trim) or not 0 <= trim <= 10_000:
            errors.append(f"DIARY: privacy.trim_m must be a number of metres from 0 to 10,000 (got {trim!r})")
        zones, zone_errors = read_zones(value.get("zones", []), "DIARY: privacy.zones", echo=True)
        errors += zone_errors
        if errors:
            raise SettingsError("; ".join(errors))
        return cls(trim_m=float(trim), zones=tuple(zones), committed_zones=len(zones))


def read_zones(raw_zones, where: str, *, echo: bool) -> tuple[list[Zone], list[str]]:
    """Zones `[{"lat", "lon", "radius_m"}, ...]` and the errors found. `echo`: quote wrong
    values in the errors (never for private.toml, whose errors may reach a public CI log)."""
    def got(value) -> str:
        return f" (got {value!r})" if echo else ""

    zones: list[Zone] = []
    errors: list[str] = []
    if not isinstance(raw_zones, (list, tuple)):
        return [], [f"{where} must be a list of {{lat, lon, radius_m}}{got(raw_zones)}"]
    for n, zone in enumerate(raw_zones):
        at = f"{where}[{n}]"
        if not isinstance(zone, dict):
            errors.append(f"{at} must be a table of lat, lon and radius_m{got(zone)}")
            continue
        extra = [key for key in zone if key not in ("lat", "lon", "radius_m")]
        missing = [key for key in ("lat", "lon", "radius_m") if key not in zone]
        if extra or missing:
            errors.append(f"{at}: needs exactly lat, lon and radius_m"
                          + (f"; unknown {', '.join(map(repr, extra))}" if extra else "")
                          + (f"; missing {', '.join(missing)}" if missing else ""))
            continue
        lat, lon, radius = zone["lat"], zone["lon"], zone["radius_m"]
        if not _number(lat) or not -90 <= lat <= 90:
            errors.append(f"{at}.lat must be a latitude from -90 to 90{got(lat)}")
        elif not _number(lon) or not -180 <= lon <= 180:
            errors.append(f"{at}.lon must be a longitude from -180 to 180{got(lon)}")
        elif not _number(radius) or not 0 < radius <= 100_000:
            errors.append(f"{at}.radius_m must be a number of metres above 0, at most "
                          f"100,000{got(radius)}")
        else:
            zones.append(Zone(float(lat), float(lon), float(radius)))
    return zones, errors


@dataclass(frozen=True)
class Photos:
    """`DIARY["photos"]`: the widths of the resized copies a post's images are published
    as, and whether the originals are published too (stripped of their metadata)."""

    originals: bool = False
    widths: tuple[int, ...] = (480, 960, 1600)

    @classmethod
    def from_value(cls, value) -> "Photos":
        """Check `{"originals": False, "widths": [480, 960, 1600]}`; raise SettingsError."""
        if isinstance(value, Photos):
            return value
        if not isinstance(value, dict):
            raise SettingsError("DIARY: photos must be a dict such as {'originals': False, "
                                f"'widths': [480, 960, 1600]}} (got {value!r})")
        errors = [f"DIARY: photos: unknown key {key!r} (it takes originals and widths)"
                  for key in value if key not in ("originals", "widths")]
        originals = value.get("originals", cls.originals)
        if not isinstance(originals, bool):
            errors.append(f"DIARY: photos.originals must be True or False (got {originals!r})")
        widths = value.get("widths", list(cls.widths))
        if (not isinstance(widths, (list, tuple)) or not 1 <= len(widths) <= 8
                or not all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8000
                           for w in widths)):
            errors.append("DIARY: photos.widths must be a list of 1 to 8 whole numbers of pixels "
                          f"from 16 to 8,000 (got {widths!r})")
        if errors:
            raise SettingsError("; ".join(errors))
        return cls(originals=originals, widths=tuple(sorted(set(widths))))


def _number(value) -> bool:
    import math

    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The DIARY dict, checked, with its defaults: the one declaration of every key."""

    units: str = _setting("km", choices=("km", "mi"),
                          doc="display unit and unit of bare distances")
    currency: str = _setting("GBP", doc="unit of bare costs, a three-letter code")
    week_start: str = _setting("monday", choices=("monday", "sunday"),
                               doc="where weekly totals and charts begin a week")
    stretch_target_hold: float = _setting(30, positive=True,
                                          doc="seconds a hold must last to count as long enough")
    weekly_stretch_goal: float = _setting(5, positive=True,
                                          doc="minutes a week per muscle group to aim for")
    strict: bool = _setting(False, doc="True in publishconf.py: any invalid entry fails the build")
    menu: bool = _setting(True, doc="False: the diary's pages (training/, routes/, stretching/, "
                                    "recovery/) are still written, but left out of the menu")
    yearly_goal_km: float | None = _setting(
        None, positive=True, unit="of kilometres", off="None for no goal",
        doc="kilometres of running a year, shown as the newest year's progress; None: no goal")
    weekly_goal_km: float | None = _setting(
        None, positive=True, unit="of kilometres", off="None for no goal",
        doc="kilometres of running a week, shown as this week's progress; None: no goal")
    monthly_goal_km: float | None = _setting(
        None, positive=True, unit="of kilometres", off="None for no goal",
        doc="kilometres of running a calendar month, shown as this month's progress; None: no goal")
    shoe_limit_km: float = _setting(
        700, positive=True, unit="of kilometres",
        doc="running kilometres at which to retire a pair; marked near it within 10% of it")
    privacy: Privacy = _setting(
        Privacy(), doc="what the build removes from every route it shows: {'trim_m': 200}; "
                       "zones and the salt go in private.toml")
    photos: Photos = _setting(
        Photos(), doc="images in posts: {'originals': False, 'widths': [480, 960, 1600]}: "
                      "resized copies without metadata; originals only when True, stripped")

    @property
    def unit_m(self) -> float:
        """Metres in one display unit."""
        return units.unit_m(self.units)

    @property
    def first_weekday(self) -> int:
        """`date.weekday()` of the first day of a week."""
        return 6 if self.week_start == "sunday" else 0


DEFAULTS = {f.name: f.default for f in fields(Settings)}


def from_dict(raw: dict | None) -> Settings:
    """Check a DIARY dict and fill in the defaults; raise on any wrong key or value."""
    raw = dict(raw or {})
    errors = [f"DIARY: unknown setting {key!r}" for key in raw if key not in DEFAULTS]
    merged = {**DEFAULTS, **{k: v for k, v in raw.items() if k in DEFAULTS}}
    for spec in fields(Settings):
        key, value, rules = spec.name, merged[spec.name], spec.metadata
        if rules["choices"]:
            merged[key] = str(value).lower()
            if merged[key] not in rules["choices"]:
                errors.append(f"DIARY: {key} must be one of {', '.join(rules['choices'])} (got {value!r})")
        elif rules["positive"]:
            if value is None and spec.default is None:
                continue  # off
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e9:
                what = f"a positive number {rules['unit']}".rstrip()
                if spec.default is None:
                    what += f", or {rules['off'] or 'None'}"
                errors.append(f"DIARY: {key} must be {what} (got {value!r})")
        elif isinstance(spec.default, bool) and not isinstance(value, bool):
            # "no" would be true to bool(): a setting that is on or off takes True or False only
            errors.append(f"DIARY: {key} must be True or False (got {value!r})")
    for key, kind in (("privacy", Privacy), ("photos", Photos)):
        try:
            merged[key] = kind.from_value(merged[key])
        except SettingsError as error:
            errors.append(str(error))
    merged["currency"] = str(merged["currency"]).upper()
    if len(merged["currency"]) != 3 or not merged["currency"].isalpha():
        errors.append(f"DIARY: currency must be a three-letter code such as GBP (got {raw['currency']!r})")
    if errors:
        raise SettingsError("; ".join(errors))
    return Settings(**merged)


def read_conffile(path: str | Path, names: tuple[str, ...]) -> dict:
    """Named settings from a Pelican settings file, without running it if it can.

    pelicanconf.py imports Pelican, which `diary check` must not pay for, so
    the file is parsed and its plain literal assignments read. Only when one of
    them is computed is the file run (`runpy`), as Pelican would.
    """
    path = Path(path)
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read: {error}") from None
    except SyntaxError as error:
        raise SettingsError(f"{path}:{error.lineno}: cannot be read: SyntaxError: {error.msg}") from None
    found: dict = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) and node.value is not None else [])
        for target in targets:
            if isinstance(target, ast.Name) and target.id in names:
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except ValueError:  # computed: only running the file can tell
                    return _run_conffile(path, names)
    return found


def _run_conffile(path: Path, names: tuple[str, ...]) -> dict:
    try:
        namespace = runpy.run_path(str(path))
    except Exception as error:  # the settings file itself is broken
        raise SettingsError(f"{path}: cannot be read: {type(error).__name__}: {error}") from None
    return {name: namespace[name] for name in names if name in namespace}


def from_conffile(path: str | Path = "pelicanconf.py") -> Settings:
    """The DIARY settings of a Pelican settings file (defaults if it has none)."""
    path = Path(path)
    if not path.exists():
        return from_dict(None)
    return from_dict(read_conffile(path, ("DIARY",)).get("DIARY"))

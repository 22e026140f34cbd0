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
    yearly_goal_km: float | None = _setting(
        None, positive=True, unit="of kilometres", off="None for no goal",
        doc="kilometres of running a year, shown as the newest year's progress; None: no goal")
    shoe_limit_km: float = _setting(
        700, positive=True, unit="of kilometres",
        doc="running kilometres at which to retire a pair; marked near it within 10% of it")

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
        elif isinstance(spec.default, bool):
            merged[key] = bool(value)
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

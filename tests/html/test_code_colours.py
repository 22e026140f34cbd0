"""The colours of highlighted code (theme/css/code_colours.py): the committed
file is what the script writes, and every colour reads on its background."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "theme" / "css" / "code_colours.py"


def _module():
    spec = importlib.util.spec_from_file_location("code_colours", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_code_colours_are_up_to_date():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_code_colour_passes_wcag_aa_on_its_surface():
    cc = _module()
    text = cc.OUT.read_text(encoding="utf-8")
    light, dark = text.split("@media screen and (prefers-color-scheme:dark)")
    for scheme, part in (("light", light), ("dark", dark)):
        colours = set(re.findall(r"color:(#[0-9a-f]{6})", part))
        assert len(colours) >= 8, (scheme, colours)
        for colour in colours:
            assert cc.contrast(colour, cc.SURFACE[scheme]) >= 4.5, (scheme, colour)


def test_the_surfaces_are_the_themes():
    """The script's idea of a code block's background and text is theme/css/tokens.css's."""
    cc = _module()
    tokens = (REPO / "theme" / "css" / "tokens.css").read_text(encoding="utf-8")
    light, dark = tokens.split("@media (prefers-color-scheme: dark)")
    for scheme, part in (("light", light), ("dark", dark)):
        assert re.search(rf"--surface:\s*{cc.SURFACE[scheme]};", part), scheme
        assert re.search(rf"--text:\s*{cc.TEXT[scheme]};", part), scheme

"""Subset Noto Nastaliq Urdu to the letters Urdu needs and compress it to WOFF2 for static/fonts/.

    /work/main/.venv/bin/python tools/subset_fonts.py /path/to/NotoNastaliqUrdu-Regular.ttf ...

The TTFs come from Debian's `fonts-noto-core` package (`apt-get download fonts-noto-core`, then
`dpkg -x` it: the fonts are in usr/share/fonts/truetype/noto/). Each font keeps only the
Arabic-script ranges below (the same list as the `unicode-range` of its `@font-face` in
static/style.css), no TrueType hints, every OpenType layout feature (Nastaliq's joining, its
cascading baseline and its marks are GSUB and GPOS lookups: dropping one breaks the script), and
all its name records, so its copyright and licence travel inside it. Then writes each file's
new version into its address in static/style.css, and prints each file's size before and after.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

from fontTools import subset

STATIC = Path(__file__).resolve().parent.parent / "static"
FONTS = STATIC / "fonts"
STYLESHEET = STATIC / "style.css"
# Arabic, Arabic Supplement, Arabic Extended-A, Presentation Forms A and B, and ZWNJ, ZWJ, LRM,
# RLM. Urdu's own digits and punctuation (comma, question mark, full stop) are inside
# U+0600-06FF. Latin letters, digits, spaces and quotes stay with the system font, so English
# text looks as it always did.
UNICODE_RANGES = "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F"
# The dotted circle: the shaper draws a mark that has no letter to sit on upon it.
SHAPER_EXTRAS = [0x25CC]


def unicodes() -> list[int]:
    """The code points every subset keeps."""
    points = list(SHAPER_EXTRAS)
    for part in UNICODE_RANGES.split(","):
        start, _, end = part.removeprefix("U+").partition("-")
        points.extend(range(int(start, 16), int(end or start, 16) + 1))
    return points


def subset_font(source: Path, target: Path) -> None:
    """Write `source` subset to Urdu as WOFF2 at `target`, its layout features and names kept."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    # TrueType hints (a quarter of the file) are ignored by phones and macOS; drawn unhinted.
    options.hinting = False
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def name_version(target: Path) -> None:
    """Write the font's current version (as views/static_files.py computes it) into its address
    in style.css, so browsers keep it a year and the preload in base.html asks for the same URL."""
    version = hashlib.sha256(target.read_bytes()).hexdigest()[:12]
    pattern = re.compile(re.escape(f"fonts/{target.name}") + r"\?v=[0-9a-f]*")
    css = STYLESHEET.read_text(encoding="utf-8")
    STYLESHEET.write_text(pattern.sub(f"fonts/{target.name}?v={version}", css), encoding="utf-8")


def main() -> None:
    """Subset each TTF named on the command line into static/fonts/ and print the sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fonts", nargs="+", type=Path, help="NotoNastaliqUrdu-*.ttf files")
    args = parser.parse_args()
    for source in args.fonts:
        target = FONTS / (source.stem + ".woff2")
        subset_font(source, target)
        name_version(target)
        before, after = source.stat().st_size, target.stat().st_size
        print(
            f"{source.name}: {before / 1024:.0f} KiB -> {target.name}: {after / 1024:.0f} KiB"
            f" ({after / before:.0%})"
        )


if __name__ == "__main__":
    main()

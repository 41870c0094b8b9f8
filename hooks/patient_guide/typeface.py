"""The typeface of the handouts and link previews: Atkinson Hyperlegible, from the lock file.

It was drawn for readers with low vision (the Braille Institute), and it comes as a Python
package, so no build reads a font of the operating system.
"""

from __future__ import annotations

from pathlib import Path

import fontpkg_atkinson_hyperlegible

TYPEFACE = "Atkinson Hyperlegible"
TYPEFACE_FOLDER = Path(fontpkg_atkinson_hyperlegible.__file__).parent / "files"
REGULAR = TYPEFACE_FOLDER / "AtkinsonHyperlegible-Regular.ttf"
BOLD = TYPEFACE_FOLDER / "AtkinsonHyperlegible-Bold.ttf"

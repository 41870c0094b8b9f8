"""A clinic's logo, checked whole before anything is built: decoded within pixel limits, an SVG
parsed safely (no entities, no links to other files, no scripts, limited depth and size), and
printed once by Typst, so a logo that cannot print is reported against the clinic file."""

from __future__ import annotations

import base64
import binascii
import io
import re
import tempfile
import warnings
from pathlib import Path
from xml.parsers import expat

import typst

from ..svg_pictures import raster_as_svg
from ..typeface import TYPEFACE_FOLDER, unprintable_characters

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000  # a logo prints 16 mm high: 5000 x 5000 pixels is far more than enough
MAX_SIDE = 10_000
TOO_BIG = (
    f"a logo may have at most {MAX_PIXELS // 1_000_000} million pixels and {MAX_SIDE} on a "
    "side: save it smaller"
)
MAX_DEPTH = 100  # Typst's SVG reader overflows its stack on groups nested some thousands deep
MAX_ELEMENTS = 20_000
MAX_TEXT = 2_000  # letters of text a logo may draw: a name and a line, not a page
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# What an SVG may point to: a part of itself, or a PNG or JPEG picture inside it.
INNER_PICTURE = re.compile(r"data:image/(png|jpeg|jpg);base64,(.*)", re.DOTALL | re.IGNORECASE)
LINKING_ATTRIBUTES = {"href", "src"}
# A CSS address or import that reaches outside the file: url(...) not to a part of itself.
OUTSIDE_URL = re.compile(r"url\(\s*['\"]?(?!#)|@import", re.IGNORECASE)
REFUSED_ELEMENTS = {
    "script": "a script",
    "foreignObject": "HTML inside it (foreignObject)",
    "iframe": "a frame",
    "handler": "a script",
}
PROOF_TEMPLATE = (
    '#set page(width: 40mm, height: 20mm)\n#image(bytes(sys.inputs.logo), format: "svg", '
    'alt: "logo", height: 16mm)\n'
)


# The same limits for the clinic page's form, which checks a logo in the browser: carried by the
# clinic schema's logo property (settings.py), declared here once.
LOGO_RULES = {
    "maxBytes": MAX_LOGO_BYTES,
    "maxPixels": MAX_PIXELS,
    "maxSide": MAX_SIDE,
    "maxDepth": MAX_DEPTH,
    "maxElements": MAX_ELEMENTS,
    "maxText": MAX_TEXT,
    "refusedElements": sorted(REFUSED_ELEMENTS),
    "linkingAttributes": sorted(LINKING_ATTRIBUTES),
    "innerPicture": INNER_PICTURE.pattern,
    "outsideUrl": OUTSIDE_URL.pattern,
    "proof": PROOF_TEMPLATE,  # the page prints each logo once with it, as LogoProof does
}


class LogoProblem(ValueError):
    """Why a logo cannot be used, in words for the person who chose it."""


def checked_logo(name: str, path: Path) -> str:
    """The logo as the SVG text the handouts print: a PNG or SVG of at most 2 MB, checked whole."""
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise LogoProblem(f"{name!r} is {size / 1024 / 1024:.1f} MB; the limit is 2 MB")
        content = path.read_bytes()
    except OSError as error:
        raise LogoProblem(f"{name!r} cannot be read: {error.strerror}") from None
    suffix = path.suffix.lower()
    if content.startswith(PNG_SIGNATURE):
        if suffix != ".png":
            raise LogoProblem(f"{name!r} is a PNG image, so its name must end in .png")
        raster_size(name, content, "png")
        return raster_as_svg(content, "png")
    if suffix == ".svg":
        return checked_svg(name, content)
    if suffix == ".png" and b"<svg" in content[:4096]:
        raise LogoProblem(f"{name!r} is an SVG image, so its name must end in .svg")
    raise LogoProblem(f"{name!r} is not a PNG or SVG image; save the logo as PNG or SVG")


def raster_size(name: str, content: bytes, kind: str, inside: bool = False) -> tuple[int, int]:
    """The size of a PNG or JPEG picture (inside an SVG logo, when inside), decoded whole
    within the pixel limits."""
    from PIL import Image

    picture = f"{name!r} (the picture inside it)" if inside else repr(name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[kind.upper()]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise LogoProblem(f"{picture} is {width} x {height} pixels; {TOO_BIG}")
                image.load()
    except LogoProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoProblem(f"{picture} has far too many pixels; {TOO_BIG}") from None
    except Exception as error:  # Pillow raises many kinds for a damaged file
        reason = "it is cut short" if "truncated" in str(error) else "it is damaged"
        raise LogoProblem(
            f"{picture} cannot be read as a {kind.upper()} picture ({reason}); export it again"
        ) from None
    return width, height


def checked_svg(name: str, content: bytes) -> str:
    """An SVG's text, once it is known to be UTF-8, well formed, self-contained and small."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LogoProblem(
            f"{name!r} is not UTF-8 text; save the SVG again with UTF-8 encoding"
        ) from None
    declared = re.match(r"\s*<\?xml[^>]*encoding\s*=\s*[\"']([^\"']+)", text)
    if declared and declared[1].lower().replace("_", "-") not in {"utf-8", "utf8"}:
        raise LogoProblem(
            f"{name!r} says it is in {declared[1]}; save the SVG again with UTF-8 encoding"
        )
    SvgReader(name).read(text)
    return text


class SvgReader:
    """Reads an SVG with expat, refusing what a logo has no use for and a printer must not do."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.depth = 0
        self.elements = 0
        self.root: str | None = None
        self.in_style = 0
        self.pixels = 0  # of every picture inside the SVG, together
        self.text: list[str] = []  # the words the SVG draws
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ExternalEntityRefHandler = self._external_entity
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.ProcessingInstructionHandler = self._instruction

    def read(self, text: str) -> None:
        try:
            self.parser.Parse(text, True)
        except expat.ExpatError as error:
            raise LogoProblem(
                f"{self.name!r} is not a well-formed SVG (line {error.lineno}: "
                f"{expat.ErrorString(error.code)}); export it again"
            ) from None
        if self.root != "svg":
            raise LogoProblem(f"{self.name!r} is not an SVG image (it has no <svg> element)")
        drawn = "".join(self.text)
        missing = unprintable_characters(drawn)
        if missing:
            shown = ", ".join(repr(char) for char in missing[:3])
            raise LogoProblem(
                f"{self.name!r} draws text the handouts' typeface cannot print ({shown}); turn "
                "the text into outlines (paths) and export it again"
            )

    def _refuse(self, what: str) -> None:
        raise LogoProblem(
            f"{self.name!r} contains {what}, which a printed logo must not; "
            "export it again as a plain SVG or as a PNG"
        )

    def _doctype(self, name: str, system: str | None, public: str | None, subset: int) -> None:
        if subset:
            self._refuse("its own entity declarations (a DOCTYPE with [...])")

    def _entity(self, *arguments: object) -> None:
        self._refuse("an entity declaration")

    def _external_entity(self, *arguments: object) -> int:
        self._refuse("a reference to another file")
        return 0

    def _instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self._refuse("a link to a style sheet")

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        local = tag.rpartition(" ")[2]
        self.depth += 1
        self.elements += 1
        if self.root is None:
            self.root = local if tag.partition(" ")[0] == SVG_NAMESPACE else tag
        if self.depth > MAX_DEPTH:
            self._refuse(f"shapes nested more than {MAX_DEPTH} deep")
        if self.elements > MAX_ELEMENTS:
            self._refuse(f"more than {MAX_ELEMENTS} elements")
        if local in REFUSED_ELEMENTS:
            self._refuse(REFUSED_ELEMENTS[local])
        if local == "style":
            self.in_style += 1
        for attribute, value in attributes.items():
            self._attribute(attribute.rpartition(" ")[2], value)

    def _attribute(self, name: str, value: str) -> None:
        if name.lower().startswith("on"):
            self._refuse(f"a script (the {name} attribute)")
        if name in LINKING_ATTRIBUTES:
            self._link(value.strip())
        if name == "style" and OUTSIDE_URL.search(value):
            self._refuse("a style that loads another file")

    def _link(self, address: str) -> None:
        if address.startswith("#") or not address:
            return
        picture = INNER_PICTURE.fullmatch(address)
        if picture is None:
            self._refuse(f"a link to another file or address ({address[:60]!r})")
            return
        try:
            content = base64.b64decode(re.sub(r"\s+", "", picture[2]), validate=True)
        except binascii.Error:
            self._refuse("a damaged picture inside it")
            return
        kind = "png" if picture[1].lower() == "png" else "jpeg"
        width, height = raster_size(self.name, content, kind, inside=True)
        self.pixels += width * height
        if self.pixels > MAX_PIXELS:
            raise LogoProblem(
                f"{self.name!r} holds pictures of far too many pixels together; {TOO_BIG}"
            )

    def _end(self, tag: str) -> None:
        self.depth -= 1
        if tag.rpartition(" ")[2] == "style":
            self.in_style -= 1

    def _text(self, text: str) -> None:
        if self.in_style:
            if OUTSIDE_URL.search(text):
                self._refuse("a style that loads another file")
            return
        if text.strip():
            self.text.append(text)
            if sum(map(len, self.text)) > MAX_TEXT:
                self._refuse(f"more than {MAX_TEXT} letters of text")


class LogoProof:
    """Prints each checked logo once with Typst, as the handouts will, so a logo Typst cannot
    draw is found before anything is built. One compiler serves every clinic file."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="logo-proof-")
        folder = Path(self._folder.name)
        (folder / "proof.typ").write_text(PROOF_TEMPLATE)
        self.compiler = typst.Compiler(
            str(folder / "proof.typ"),
            root=str(folder),
            font_paths=[str(TYPEFACE_FOLDER)],  # the handouts' typeface, as they print it
            ignore_system_fonts=True,
        )

    def prove(self, name: str, svg: str) -> None:
        try:
            self.compiler.compile(format="pdf", sys_inputs={"logo": svg})
        except typst.TypstError as error:
            raise LogoProblem(
                f"{name!r} cannot be printed ({str(error.message).rstrip('.')}); export it "
                "again as a plain SVG or as a PNG"
            ) from None

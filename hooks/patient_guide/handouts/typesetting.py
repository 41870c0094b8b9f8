"""Typeset a print job into a tagged PDF/UA-1 with Typst: the job goes in as data, never markup.

Typst reads no file outside the template folder, and no system font: the typeface comes from
the lock. The job's data are given as two files beside the template, not as sys.inputs: a change
of sys.inputs makes Typst lay out everything again, a change of a file only what depends on it.
"""

from __future__ import annotations

import datetime
import io
import os
import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typst

from ..build_cache import cache_key
from ..typeface import TYPEFACE_FOLDER
from .jobs import HandoutError, PrintJob, RenderedHandout, TypesettingError

if TYPE_CHECKING:
    import pikepdf

TEMPLATE = "handout.typ"
MAIN = "main.typ"  # what Typst compiles: the template, with the job's files beside it
INCLUDE_TEMPLATE = f'#include "{TEMPLATE}"\n'.encode()
JOB_FILE = "job.json"  # the handout template reads these two
ARTICLES_FILE = "articles.json"
PDF_STANDARD: Literal["ua-1"] = "ua-1"
TEMPLATE_PLACE = re.compile(r"([\w./-]+\.typ):(\d+):\d+")
# A Typst package ("@preview/name:1.0.0") is downloaded when first used: the build never fetches.
PACKAGE_SPEC = re.compile(r"\"@[\w-]+/|\\u\{40\}")
NO_PACKAGES = "no-packages"  # a folder that does not exist, where Typst may look for packages
IMPORT_OR_INCLUDE = re.compile(r"\b(?:import|include)\b")
XMP_AUTHOR = re.compile(rb"(<dc:creator>\s*<rdf:Seq>\s*<rdf:li>)([^<]*)(</rdf:li>)")
LOCAL_FILE = re.compile(r"\s+\"[\w.-]+\.typ\"")  # a file beside the template, by its name
# What else makes a PDF what it is, besides its inputs and the template's files.
HOW_IT_IS_MADE = ("print_data.py", "typesetting.py", "press.py")


@dataclass(frozen=True)
class PrintInputs:
    """What Typst is given for one job, as the two files the template reads."""

    job: bytes  # job.json: all but the pages (see print_data.job_data)
    articles: bytes  # articles.json: the pages' blocks, the same for every clinic


def layout_identity(template_folder: Path) -> str:
    """The template files' contents and the versions that typeset and pack them: with a job's
    inputs, what its PDF is made from."""
    return cache_key(
        *(path.read_bytes() for path in sorted(template_folder.glob("*.typ"))),
        version("typst"),
        version("fontpkg-atkinson-hyperlegible"),
        version("pikepdf"),
        *(Path(__file__).with_name(name).read_bytes() for name in HOW_IT_IS_MADE),
    )


def template_times(template_folder: Path) -> tuple[tuple[str, int, int], ...]:
    """The template files' names, times and sizes: an edit under `mkdocs serve` changes them."""
    return tuple(
        (path.name, path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(template_folder.glob("*.typ"))
    )


def _epoch_seconds(day: datetime.date) -> int:
    """The review date as the PDF's creation time, so a rebuild writes the same bytes."""
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())


class HandoutTypesetter:
    """Typesets print jobs with one Typst compiler, made once and kept warm: Typst keeps what it
    laid out for one job and lays out again only what the next job changes (a clinic's name
    and phones, not the pages). Not for two threads at once."""

    def __init__(self, template_folder: Path) -> None:
        self.template_folder = template_folder.resolve()
        refuse_packages(self.template_folder)
        nowhere = str(self.template_folder / NO_PACKAGES)  # no package is looked for elsewhere
        self.compiler = typst.Compiler(
            str(self.template_folder / TEMPLATE),
            root=str(self.template_folder),
            font_paths=[str(TYPEFACE_FOLDER)],
            ignore_system_fonts=True,
            package_path=nowhere,
            package_cache_path=nowhere,
        )

    def typeset(self, job: PrintJob, inputs: PrintInputs) -> RenderedHandout:
        """The job's PDF made from its inputs, object streams packed; any Typst warning fails
        the handout."""
        reviewed = min(page.reviewed for page in job.pages)
        try:
            pdf, warnings = self.compiler.compile_with_warnings(
                # typst-py takes files by name (its type stub knows only one file, or a path).
                input={  # type: ignore[type-var]
                    MAIN: INCLUDE_TEMPLATE,
                    JOB_FILE: inputs.job,
                    ARTICLES_FILE: inputs.articles,
                },
                format="pdf",
                pdf_standards=[PDF_STANDARD],
                timestamp=_epoch_seconds(reviewed),
            )
        except typst.TypstError as error:
            raise TypesettingError(
                f"{job.file_name}: {self._explained(error)}", str(error.message).rstrip(".")
            ) from None
        if warnings:
            raise TypesettingError(
                f"{job.file_name}: {self._explained(warnings[0])}",
                str(warnings[0].message).rstrip("."),
            )
        assert isinstance(pdf, bytes)
        return packed(pdf, job.clinic.name if job.clinic else None)

    def _explained(self, problem: typst.TypstError | typst.TypstWarning) -> str:
        """Typst's message with the template's file and line, in one line."""
        message = str(problem.message).rstrip(".")
        place = TEMPLATE_PLACE.search(str(problem.diagnostic))
        if place:
            path = os.path.relpath(self.template_folder / Path(place[1]).name)
            return f"{path}:{place[2]}: {message}; fix the handout template"
        return f"{message}; fix the handout template"


def refuse_packages(template_folder: Path) -> None:
    """Refuse a handout template that imports or includes anything but a file of its own folder
    named in plain words: a package ("@preview/...", however the name is put together) would be
    downloaded, or read from outside the folder."""
    for path in sorted(template_folder.glob("*.typ")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, start=1):
            uses = [found.end() for found in IMPORT_OR_INCLUDE.finditer(line)]
            if PACKAGE_SPEC.search(line) or any(not LOCAL_FILE.match(line, end) for end in uses):
                raise HandoutError(
                    f"{os.path.relpath(path)}:{number}: the template imports or includes "
                    "something other than a file of its own folder by name (a package would be "
                    "downloaded, a path could reach outside the folder); the build fetches "
                    "nothing, so copy what you need into overrides/handout/ and import it by "
                    'its file name, e.g. #import "parts.typ"'
                )


def packed(pdf: bytes, author: str | None = None) -> RenderedHandout:
    """The PDF rewritten with object streams (Typst writes its structure tree one object at a
    time, which makes files 3 to 4 times larger), with an ID made from its content, and with
    author as its author where given (see print_data.job_data)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        if author is not None:
            signed_by(document, author)
        output = io.BytesIO()
        document.save(
            output,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            deterministic_id=True,
            fix_metadata_version=False,  # Typst writes the version the file keeps
        )
        return RenderedHandout(pdf=output.getvalue(), page_count=len(document.pages))


def signed_by(document: pikepdf.Pdf, author: str) -> None:
    """The document's author made author, in its information and in its XMP metadata alike: in
    the one line Typst writes for it (a thousandth of the time of pikepdf's XMP editing)."""
    document.docinfo["/Author"] = author
    metadata = document.Root.Metadata
    written = XMP_AUTHOR.subn(
        lambda found: found[1] + xml_text(author).encode() + found[3], metadata.read_bytes(), 1
    )
    if written[1] == 1:
        metadata.write(written[0])
    else:  # not as Typst wrote it before: the slow way
        with document.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp["dc:creator"] = [author]


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""The theme's templates, compiled once and kept between builds (Jinja's own bytecode cache)."""

from __future__ import annotations

import sys

import jinja2

from ..build_cache import BuildCache, cache_key


class KeptThemeTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in the build cache, keyed by their source and the compiler, and
    in `compiled`, which a build shares with its translations (built inside it, from the same
    theme files): what one compiled, the others load from memory."""

    def __init__(
        self, cache: BuildCache, environment: jinja2.Environment, compiled: dict[str, bytes]
    ) -> None:
        self.cache = cache
        self.compiled = compiled
        self.compiler = "|".join([jinja2.__version__, sys.version, *sorted(environment.extensions)])

    def entry(self, bucket: jinja2.bccache.Bucket) -> str:
        return cache_key(bucket.key, bucket.checksum, self.compiler)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        entry = self.entry(bucket)
        kept = self.compiled.get(entry)
        if kept is None:
            kept = self.cache.get(entry)
        else:
            self.cache.keep(entry, kept)
        if kept is not None:
            self.compiled[entry] = kept
            bucket.bytecode_from_string(kept)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = bucket.bytecode_to_string()
        self.compiled[self.entry(bucket)] = compiled
        self.cache.put(self.entry(bucket), compiled)


class ThemeTemplateCache:
    """The compiled templates of one project, attached to one build's theme environment; a
    translation's is made from the main build's (shared_with), to share what it compiled."""

    def __init__(self, shared_with: ThemeTemplateCache | None = None) -> None:
        self.cache: BuildCache | None = None
        self.compiled: dict[str, bytes] = shared_with.compiled if shared_with else {}

    def attach(self, environment: jinja2.Environment, config_file: str | None) -> None:
        """Load the theme's templates compiled from the cache of the project at config_file."""
        self.cache = BuildCache.beside(config_file, "theme-templates")
        environment.bytecode_cache = KeptThemeTemplates(self.cache, environment, self.compiled)

    def forget_unused(self) -> None:
        """Drop compiled templates this build did not load (a theme upgrade leaves old ones)."""
        if self.cache:
            self.cache.forget_unused()

"""The theme's templates, compiled once and kept between builds (Jinja's own bytecode cache)."""

from __future__ import annotations

import sys

import jinja2

from ..build_cache import BuildCache, cache_key


class KeptThemeTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in the build cache, keyed by their source and the compiler."""

    def __init__(self, cache: BuildCache, environment: jinja2.Environment) -> None:
        self.cache = cache
        self.compiler = "|".join([jinja2.__version__, sys.version, *sorted(environment.extensions)])

    def entry(self, bucket: jinja2.bccache.Bucket) -> str:
        return cache_key(bucket.key, bucket.checksum, self.compiler)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self.cache.get(self.entry(bucket))
        if kept is not None:
            bucket.bytecode_from_string(kept)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.cache.put(self.entry(bucket), bucket.bytecode_to_string())


class ThemeTemplateCache:
    """The compiled templates of one project, attached to one build's theme environment."""

    def __init__(self) -> None:
        self.cache: BuildCache | None = None

    def attach(self, environment: jinja2.Environment, config_file: str | None) -> None:
        """Load the theme's templates compiled from the cache of the project at config_file."""
        self.cache = BuildCache.beside(config_file, "theme-templates")
        environment.bytecode_cache = KeptThemeTemplates(self.cache, environment)

    def forget_unused(self) -> None:
        """Drop compiled templates this build did not load (a theme upgrade leaves old ones)."""
        if self.cache:
            self.cache.forget_unused()

"""Heading slugs that keep Japanese text (Textual's own slug turns `概要` into nothing)."""

from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[^\w\s-]", re.UNICODE)
_SPACES = re.compile(r"[\s_]+", re.UNICODE)
_DASHES = re.compile(r"-{2,}")


def slugify(text: str) -> str:
    """A URL-fragment-style slug: NFKC, lower case, letters of any script kept, spaces to `-`.

    >>> slugify("AWS KMSキー")
    'aws-kmsキー'
    >>> slugify("Comprehend Latent Dirichlet Allocation (LDA 潜在的ディリクレ配分法)")
    'comprehend-latent-dirichlet-allocation-lda-潜在的ディリクレ配分法'
    """
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = _DROP.sub("", text)
    text = _SPACES.sub("-", text)
    return _DASHES.sub("-", text).strip("-")


def unique_slug(text: str, taken: set[str], fallback: str = "section") -> str:
    """`slugify(text)`, made unique among `taken` with `-2`, `-3`… (and added to it)."""
    base = slugify(text) or fallback
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug

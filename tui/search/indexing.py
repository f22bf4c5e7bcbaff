"""The Whoosh side of indexing: schema, documents, and a fast bulk segment writer.

Why not Whoosh's own analyzers and writer for everything:

* Whoosh's ``Positions`` format pickles a position list per term and document, and its
  ``SegmentWriter`` pushes every posting through a temporary pool, sorts it, and then reads
  the document's field length back from disk *per posting*. Measured on Japanese notes that
  is ~10 µs per posting: 10,000 notes of bigrams would take minutes. Here terms and their
  frequencies are computed by kumonote (`analysis`), fields use the ``Frequency`` format
  (no positions; phrases are checked by kumonote on the note text instead, which is also
  far cheaper than Whoosh's ``SpanNear`` over common bigrams), and a full build writes the
  segment directly with the codec's field writer, postings already grouped by term.
* Incremental updates (a few changed notes) use the ordinary ``SegmentWriter``: the
  documents are the same term-frequency mappings, so both paths give identical segments.

Fields are those of `tui.search.documents`, plus stored ``id`` and ``digest`` (hash of what
was indexed, to find changed notes).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from whoosh import fields, formats
from whoosh.query import Prefix
from whoosh.system import emptybytes, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from tui.search.documents import DocData

TEXT_FIELDS = ("title", "heads", "body")
YOMI_FIELDS = ("ytitle", "yomi")
PREFIX_LIMIT = 48
"""At most this many index terms for one prefix (``infer*``, one-character CJK words)."""


class TermsField(fields.FieldType):  # type: ignore[misc]
    """A field indexed from a precomputed ``{term: frequency}`` mapping."""

    def __init__(self, scorable: bool = True) -> None:
        fmt = formats.Frequency() if scorable else formats.Existence()
        super().__init__(fmt, None, scorable=scorable, stored=False, unique=False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        """(term bytes, frequency, weight, encoded value) for each term."""
        if self.scorable:
            for term, freq in value.items():
                yield term.encode("utf-8", "surrogatepass"), freq, float(freq), pack_uint(freq)
        else:
            for term in value:
                yield term.encode("utf-8", "surrogatepass"), 1, 1.0, emptybytes


def make_schema() -> fields.Schema:
    """The index schema."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        digest=fields.STORED(),
        title=TermsField(),
        heads=TermsField(),
        body=TermsField(),
        ytitle=TermsField(),
        yomi=TermsField(),
        rmap=TermsField(scorable=False),
    )


class LimitedPrefix(Prefix):  # type: ignore[misc]
    """``Prefix`` that expands to at most `PREFIX_LIMIT` terms (Whoosh's has no limit, so a
    one-letter prefix over a large index would OR together thousands of terms)."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return islice(super()._btexts(ixreader), PREFIX_LIMIT)


def bulk_write(ix: Any, docs: Iterable[DocData], progress: Callable[[int], None] | None) -> int:
    """Write `docs` as one new segment of the empty index `ix`; returns the count.

    Uses Whoosh's codec writers directly (see the module docstring); the result is an
    ordinary Whoosh segment.
    """
    writer = ix.writer()
    try:
        count = _bulk_write(writer, docs, progress)
    except BaseException:
        if not writer.is_closed:
            with contextlib.suppress(Exception):
                writer.cancel()
        raise
    return count


def _bulk_write(
    writer: Any, docs: Iterable[DocData], progress: Callable[[int], None] | None
) -> int:
    schema = writer.schema
    perdoc = writer.perdocwriter
    names = sorted(schema.names())
    objs = {name: schema[name] for name in names}
    term_fields = {name for name in names if isinstance(objs[name], TermsField)}
    postings: dict[str, dict[str, tuple[list[int], list[int]]]] = {
        name: {} for name in names if objs[name].indexed
    }
    lengths: dict[str, list[int]] = {name: [] for name in postings}
    docnum = 0
    for doc in docs:
        values = doc.document()
        perdoc.start_doc(docnum)
        for name in names:
            obj = objs[name]
            value = values.get(name)
            length = 0
            if value is not None and obj.indexed:
                field_postings = postings[name]
                get = field_postings.get
                if name in term_fields:
                    items = value.items() if obj.scorable else ((t, 1) for t in value)
                else:
                    items = ((t.decode("utf-8"), f) for t, f, _, _ in obj.index(value))
                for term, freq in items:
                    entry = get(term)
                    if entry is None:
                        field_postings[term] = ([docnum], [freq])
                    else:
                        entry[0].append(docnum)
                        entry[1].append(freq)
                    length += freq
                if not obj.scorable:
                    length = 0
            if name in lengths:
                lengths[name].append(byte_to_length(length_to_byte(length)) if length else 0)
            stored = value if obj.stored and value is not None else None
            if stored is not None or length:
                perdoc.add_field(name, obj, stored, length)
        perdoc.finish_doc()
        docnum += 1
        if progress is not None:
            progress(docnum)
    writer.docnum = docnum
    writer._added = docnum > 0
    perdoc.close()
    fieldwriter = writer.fieldwriter
    for name in sorted(postings):
        terms = postings[name]
        if not terms:
            continue
        obj = objs[name]
        fieldwriter.start_field(name, obj)
        field_lengths = lengths[name]
        scorable = obj.scorable
        # Code point order of str equals byte order of UTF-8.
        for term in sorted(terms):
            docnums, freqs = terms[term]
            fieldwriter.start_term(term.encode("utf-8", "surrogatepass"))
            _add_postings(fieldwriter, docnums, freqs, field_lengths, scorable)
            fieldwriter.finish_term()
        fieldwriter.finish_field()
        terms.clear()
    fieldwriter.close()
    writer._close_segment()
    segment = writer.get_segment()
    if writer._added:
        writer._assemble_segment()
        writer._commit_toc([segment])
    else:
        writer._commit_toc([])
    writer._finish()
    return docnum


def _add_postings(
    fieldwriter: Any, docnums: list[int], freqs: list[int], lengths: list[int], scorable: bool
) -> None:
    """Add one term's postings, a block at a time when the postings writer is the W3 one
    this was written against (else posting by posting through the public method)."""
    pw = fieldwriter._postwriter
    fast = all(hasattr(pw, attr) for attr in _W3_BLOCK_ATTRS)
    if not fast:
        for d, f in zip(docnums, freqs, strict=True):
            vbytes = pack_uint(f) if scorable else emptybytes
            fieldwriter.add(d, float(f) if scorable else 1.0, vbytes, lengths[d])
        return
    limit = pw._blocklimit
    n = len(docnums)
    start = 0
    while start < n:
        if len(pw._ids) >= limit:
            pw._write_block()
        take = limit - len(pw._ids)
        chunk_docs = docnums[start : start + take]
        chunk_freqs = freqs[start : start + take]
        pw._ids.extend(chunk_docs)
        if scorable:
            pw._weights.extend(map(float, chunk_freqs))
            pw._values.extend(map(pack_uint, chunk_freqs))
            top = float(max(chunk_freqs))
        else:
            pw._weights.extend([1.0] * len(chunk_docs))
            top = 1.0
        if top > pw._maxweight:
            pw._maxweight = top
        chunk_lengths = [length for length in map(lengths.__getitem__, chunk_docs) if length]
        if chunk_lengths:
            low, high = min(chunk_lengths), max(chunk_lengths)
            if pw._minlength is None or low < pw._minlength:
                pw._minlength = low
            if high > pw._maxlength:
                pw._maxlength = high
        start += take


_W3_BLOCK_ATTRS = ("_blocklimit", "_ids", "_weights", "_values", "_maxweight", "_minlength",
                   "_maxlength", "_write_block")

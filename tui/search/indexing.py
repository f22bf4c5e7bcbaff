"""The Whoosh side of indexing: schema, documents, and a fast bulk segment writer.

Why not Whoosh's own analyzers and writer for everything:

* Whoosh's ``Positions`` format pickles a position list per term and document, and its
  ``SegmentWriter`` pushes every posting through a temporary pool, sorts it, and then reads
  the document's field length back from disk *per posting*. Measured on Japanese notes that
  is ~10 µs per posting: 10,000 notes of bigrams would take minutes. Here terms and their
  weights are computed by kumonote (`documents`); postings store only a weight (no
  positions: phrases are checked by kumonote on the note text instead, which is also far
  cheaper than Whoosh's ``SpanNear`` over common bigrams); and a full build writes the
  segment directly with the codec's field writer, postings already grouped by term and
  added a block at a time.
* Incremental updates (a few changed notes) use the ordinary ``SegmentWriter``: the
  documents are the same term-weight mappings, so both paths give identical segments.

Fields are those of `tui.search.documents`, plus stored ``id``, ``digest`` (hash of what
was indexed, to find changed notes), ``n`` (field lengths, for BM25 in
`tui.search.retrieval`), ``f`` (the folded body, which ranking checks matches in: read
from the index, a note need not be read and folded again by the first search that meets it)
and ``h`` (the folded title, aliases and tags, checked with it).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, repeat
from operator import sub
from typing import Any

from whoosh import columns, fields, formats
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3PerDocWriter, W3PostingsWriter
from whoosh.filedb import compound
from whoosh.matching import ListMatcher
from whoosh.system import emptybytes
from whoosh.util.numeric import byte_to_length, length_to_byte

from tui.search.documents import DocData, field_length

TEXT_FIELDS = ("title", "text")
YOMI_FIELDS = ("yomi",)


class WeightOnly(formats.Existence):  # type: ignore[misc]
    """Postings that carry a weight and nothing else.

    Whoosh's ``Frequency`` format stores a packed integer per posting next to the weight;
    kumonote reads only weights, so the values would just cost a ``pack_uint`` per posting
    when writing and bytes when reading. Whoosh's own merges copy weights as they are."""

    def supports(self, name: str) -> bool:
        """Weights (read as frequencies) only."""
        return name in ("weight", "frequency")


class TermsField(fields.FieldType):  # type: ignore[misc]
    """A field indexed from a precomputed ``{term: weight}`` mapping (a term list when not
    scorable). BM25 reads the weight as the term frequency."""

    def __init__(self, scorable: bool = True) -> None:
        fmt = WeightOnly() if scorable else formats.Existence()
        super().__init__(fmt, None, scorable=scorable, stored=False, unique=False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        """(term bytes, frequency, weight, encoded value) for each term."""
        if self.scorable:
            for term, weight in value.items():
                freq = max(1, int(weight + 0.5))
                yield term.encode("utf-8", "surrogatepass"), freq, float(weight), emptybytes
        else:
            for term in value:
                yield term.encode("utf-8", "surrogatepass"), 1, 1.0, emptybytes


class NoteId(fields.ID):  # type: ignore[misc]
    """The note id: one term, stored. Ids made from file names that are not UTF-8 hold lone
    surrogates (``\\udcff``), which Whoosh's strict UTF-8 would refuse; they are kept as
    they are (``surrogatepass``), so such a note is indexed, found and replaced like any."""

    def index(self, value: str, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        """The id as its only term."""
        yield self.to_bytes(value), 1, 1.0, emptybytes

    def to_bytes(self, value: str | bytes) -> bytes:
        """The term bytes of an id (for `delete_by_term` too)."""
        return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")

    def from_bytes(self, data: bytes) -> str:
        """The id of term bytes."""
        return data.decode("utf-8", "surrogatepass")


def _drain(items: Iterable[Any]) -> None:
    """Consume an iterator in C."""
    deque(items, maxlen=0)


BLOCK_SIZE = 1024
"""Postings per block. Whoosh's default of 128 suits its document-at-a-time matchers;
kumonote reads whole posting lists, where every block costs an unpickle and a
decompression, so fewer, larger blocks read 3× faster."""
INLINE_LIMIT = 16
"""Posting lists shorter than this are kept in the term dictionary instead of a block of
their own (Whoosh's default of 1 writes a pickled, compressed block for a term found in
two notes; most bigrams of a note collection are that rare)."""


STORED_COLUMN = columns.PickleColumn(columns.VarBytesColumn())
"""Each document's stored fields, pickled and not compressed (Whoosh deflates them): ranking
reads the folded body of up to 2,000 candidate notes per search, and inflating them was the
largest part of a search at 10,000 notes (about 12 µs a note, twice the rest of reading one)."""


class KumoCodec(W3Codec):  # type: ignore[misc]
    """Whoosh's W3 codec with inlined short posting lists that work, and stored fields that
    are not compressed (`STORED_COLUMN`).

    Two Whoosh 2.7.5 bugs make any inline limit above the default of 1 unusable: the
    postings writer calls ``W3TermInfo.set_inline``, which does not exist (the method is
    ``set_inlined``), and ``ListMatcher.value()`` returns ``""`` (a str) for postings without
    values, which a segment merge then rejects (``assert isinstance(vbytes, bytes)``). The
    codec is pickled with every segment, so readers of the index use these fixes too.
    """

    def per_document_writer(self, storage: Any, segment: Any) -> Any:
        """A writer of the per-document columns, stored fields uncompressed."""
        return _PerDocWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> Any:
        """A reader of the per-document columns, stored fields uncompressed."""
        return _PerDocReader(storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        """A postings writer whose inlining works."""
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        """A matcher over a term's postings; inlined ones return bytes values."""
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return _InlineMatcher(
                ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
            )
        return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)


class _PostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    _terminfo: Any
    _inlinelimit: int
    _ids: Any
    _weights: Any
    _values: Any
    _byteids: bool

    def _mini_ids(self) -> tuple[Any, ...]:
        # Whoosh delta-encodes with a Python generator; the same in C.
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        return tuple(map(sub, ids, chain((0,), ids)))

    def finish_postings(self) -> Any:
        if not self.written() and len(self) < self._inlinelimit:
            terminfo = self._terminfo
            terminfo.add_block(self)
            terminfo.set_inlined(self._ids, self._weights, self._values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()


class _PerDocWriter(W3PerDocWriter):  # type: ignore[misc]
    """Whoosh's per-document writer, its stored fields in `STORED_COLUMN`."""

    _cols: Any
    _colwriters: dict[str, Any]
    _storedfields: dict[str, Any] | None
    _indoc: bool

    def __init__(self, codec: Any, storage: Any, segment: Any) -> None:
        # W3PerDocWriter.__init__, with the stored column made uncompressed.
        self._codec = codec
        self._storage = storage
        self._segment = segment
        self._cols = compound.CompoundWriter(storage.temp_storage(f"{segment.indexname}.tmp"))
        self._colwriters = {}
        self._create_column("_stored", STORED_COLUMN)
        self._fieldlengths: defaultdict[str, int] = defaultdict(int)
        self._doccount = 0
        self._docnum = None
        self._storedfields = None
        self._indoc = False
        self.is_closed = False
        self._vpostfile = None

    def finish_doc(self) -> None:
        """The document's stored fields, written to `STORED_COLUMN`."""
        stored = self._storedfields
        if stored:
            self.add_column_value("_stored", STORED_COLUMN, stored)
            stored.clear()
        self._indoc = False


class _PerDocReader(W3PerDocReader):  # type: ignore[misc]
    """Whoosh's per-document reader, its stored fields read from `STORED_COLUMN`."""

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        """The stored fields of document `docnum` ({} when it has none)."""
        found = self._cached_reader("_stored", STORED_COLUMN)[docnum]
        return found if found is not None else {}


class _InlineMatcher(ListMatcher):  # type: ignore[misc]
    def value(self) -> Any:
        found = super().value()
        return emptybytes if isinstance(found, str) and not found else found


def codec() -> KumoCodec:
    """The Whoosh codec for every writer of the index."""
    return KumoCodec(blocklimit=BLOCK_SIZE, compression=1, inlinelimit=INLINE_LIMIT)


def make_schema() -> fields.Schema:
    """The index schema."""
    return fields.Schema(
        id=NoteId(stored=True, unique=True),
        digest=fields.STORED(),
        n=fields.STORED(),
        f=fields.STORED(),
        h=fields.STORED(),
        title=TermsField(),
        text=TermsField(),
        yomi=TermsField(),
        rmap=TermsField(scorable=False),
        kmap=TermsField(scorable=False),
    )


def bulk_write(
    ix: Any,
    docs: Iterable[DocData],
    progress: Callable[[int], None] | None = None,
    more_segments: Callable[[], list[Any]] | None = None,
) -> int:
    """Write `docs` as a new segment of the empty index `ix` and commit it, together with
    the segments `more_segments` returns (written by helper processes meanwhile); returns
    the number of documents written here.

    Uses Whoosh's codec writers directly (see the module docstring); the result is an
    ordinary Whoosh index.
    """
    writer = ix.writer(codec=codec())
    try:
        segment, count = write_segment(writer, docs, progress)
        segments = [segment] if segment is not None else []
        if more_segments is not None:
            segments.extend(more_segments())
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        if not writer.is_closed:
            with contextlib.suppress(Exception):
                writer.cancel()
        raise
    return count


def segment_writer(ix: Any) -> Any:
    """A writer for one more segment of `ix`, without taking the index's write lock (the
    process that commits holds it)."""
    from whoosh.writing import SegmentWriter

    return SegmentWriter(ix, _lk=False, codec=codec())


def write_segment(
    writer: Any, docs: Iterable[DocData], progress: Callable[[int], None] | None = None
) -> tuple[Any, int]:
    """Write `docs` into the writer's new segment and close it (no commit); returns
    (segment or None when there were no documents, count)."""
    schema = writer.schema
    perdoc = writer.perdocwriter
    names = sorted(schema.names())
    objs = {name: schema[name] for name in names}
    # term → [docnum, weight, docnum, weight, …], filled without a Python-level loop per
    # posting: `map` over the bound methods runs in C (a third of the time of a loop).
    postings: dict[str, defaultdict[str, list[Any]]] = {
        name: defaultdict(list) for name in names if objs[name].indexed
    }
    lengths: dict[str, list[int]] = {name: [] for name in postings}
    extend = list.extend
    docnum = 0
    for doc in docs:
        values = doc.document()
        perdoc.start_doc(docnum)
        for name in names:
            obj = objs[name]
            value = values.get(name)
            length = 0
            if value is not None and obj.indexed:
                if isinstance(obj, TermsField):
                    if obj.scorable:
                        terms, weights = value.keys(), value.values()
                        length = field_length(value)
                    else:
                        terms, weights = value, repeat(1.0)
                else:
                    terms = [t.decode("utf-8", "surrogatepass") for t, _, _, _ in obj.index(value)]
                    weights = repeat(1.0)
                targets = map(postings[name].__getitem__, terms)
                _drain(map(extend, targets, zip(repeat(docnum), weights)))
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
            pairs = terms.pop(term)
            docnums, weights = pairs[0::2], pairs[1::2]
            fieldwriter.start_term(term.encode("utf-8", "surrogatepass"))
            _add_postings(fieldwriter, docnums, weights, field_lengths, scorable)
            fieldwriter.finish_term()
        fieldwriter.finish_field()
    fieldwriter.close()
    writer._close_segment()
    if not writer._added:
        return None, 0
    writer._assemble_segment()
    return writer.get_segment(), docnum


def _add_postings(
    fieldwriter: Any,
    docnums: list[int],
    weights: list[float],
    lengths: list[int],
    scorable: bool,
) -> None:
    """Add one term's postings, a block at a time when the postings writer is the W3 one
    this was written against (else posting by posting through the public method)."""
    pw = fieldwriter._postwriter
    fast = all(hasattr(pw, attr) for attr in _W3_BLOCK_ATTRS)
    if not fast:
        for d, w in zip(docnums, weights, strict=True):
            fieldwriter.add(d, float(w) if scorable else 1.0, emptybytes, lengths[d])
        return
    limit = pw._blocklimit
    n = len(docnums)
    start = 0
    while start < n:
        if len(pw._ids) >= limit:
            pw._write_block()
        take = limit - len(pw._ids)
        chunk_docs = docnums[start : start + take]
        chunk_weights = weights[start : start + take]
        pw._ids.extend(chunk_docs)
        if scorable:
            pw._weights.extend(chunk_weights)
            top = float(max(chunk_weights))
        else:
            pw._weights.extend([1.0] * len(chunk_docs))
            top = 1.0
        if top > pw._maxweight:
            pw._maxweight = top
        chunk_lengths = list(filter(None, map(lengths.__getitem__, chunk_docs)))
        if chunk_lengths:
            low, high = min(chunk_lengths), max(chunk_lengths)
            if pw._minlength is None or low < pw._minlength:
                pw._minlength = low
            if high > pw._maxlength:
                pw._maxlength = high
        start += take


_W3_BLOCK_ATTRS = (
    "_blocklimit",
    "_ids",
    "_weights",
    "_values",
    "_maxweight",
    "_minlength",
    "_maxlength",
    "_write_block",
)

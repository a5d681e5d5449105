"""The Pythonic API: Database, Record, Batch and the result tuples."""

import ctypes
import os
from collections import namedtuple

from . import _errors
from ._lib import lib, ListOptions, LIST_OPTIONS_VERSION, c_handle

Cite = namedtuple("Cite", "source locator quote")
Cite.__doc__ = ("A <cite>: the source's id, the locator and the quote "
                "(None when absent).")
Match = namedtuple("Match", "record text how via_pinyin")
Match.__doc__ = ("A search result: the Record, the name or alias that "
                 "matched, 'exact'/'prefix'/'substring', and whether "
                 "through pinyin.")
Member = namedtuple("Member", "org roles")
Member.__doc__ = "A member of a body: the organization's Record and its roles."
Finding = namedtuple("Finding", "code record_id field message")
Finding.__doc__ = ("A consistency finding: its code name "
                   "('member-count'), the record's id, the field (or None) "
                   "and a sentence.")
Child = namedtuple("Child", "text attrs")
Child.__doc__ = ("A child element of a record: its text (or None) and "
                 "attributes.")

_NAME_CHILDREN = ("name", "title", "label")
_TEXT_KEY = "text"
_ATTR_ALIASES = {"lang": "xml:lang"}


def _s(b):
    return None if b is None else b.decode("utf-8")


def _b(s):
    # C strings end at a NUL: refuse one rather than cut the text there
    if "\0" in s:
        raise _errors.InvalidArgumentError(
            "%r: a NUL character cannot be passed to libiedu" % (s,), code=-3)
    return s.encode("utf-8")


def _enum(from_name, what, name):
    value = from_name(_b(name))
    if not value:
        raise _errors.InvalidArgumentError(
            "unknown %s %r" % (what, name), code=-3)
    return value


def _kind(name):
    return _enum(lib.iedu_kind_from_name, "record kind", name)


def _attr(name):
    return _enum(lib.iedu_attr_from_name, "attribute",
                 _ATTR_ALIASES.get(name, name))


def _child(name):
    return _enum(lib.iedu_child_from_name, "child element", name)


def _names(name_of):
    """Every name of an enum, probed up to the first NULL."""
    out = []
    while True:
        name = name_of(len(out) + 1)
        if name is None:
            return out
        out.append(name.decode("utf-8"))


_ATTRS = _names(lib.iedu_attr_name)
_CHILDREN = _names(lib.iedu_child_name)
QUERIES = {
    "members-of-body": 1, "bodies-of-member": 2, "relations-from": 3,
    "relations-to": 4, "agreements-of-party": 5, "agreements-at-event": 6,
    "events-of-body": 7, "events-of-host": 8, "events-of-participant": 9,
    "posts-of-person": 10, "posts-in-org": 11, "statistics-of-subject": 12,
    "citing-source": 13, "designations-of-org": 14,
    "designations-by-issuer": 15, "sources-by-issuer": 16,
}


def _threads(what, n):
    """n as a number of threads for the C setters (at most 2, which is what
    they count any more as); TypeError and ValueError as Python expects."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("%s: expected a number of threads, got %r"
                        % (what, n))
    if n < 0:
        raise ValueError("%s: %d threads; expected 1 or 2" % (what, n))
    return min(n, 2)


def _handles(fill):
    """Calls fill(count, out, cap) twice (count, then the handles), as the
    C API's query functions want."""
    count = ctypes.c_size_t()
    fill(ctypes.byref(count), None, 0)
    n = count.value
    buf = (c_handle * max(n, 1))()
    fill(ctypes.byref(count), buf, n)
    return list(buf[:min(n, count.value)])


class Database:
    """An iedu database: the records of one or more iedu XML documents.

    Use it as a context manager or call close(); closing twice is harmless.
    Records and other results borrow from the database and must not be used
    after it is closed.
    """

    def __init__(self, source=None):
        self._ptr = None
        self._batch = None
        self._collators = {}
        ptr = ctypes.c_void_p()
        lib.iedu_db_new(ctypes.byref(ptr))
        self._ptr = ptr
        if source is not None:
            self.load(source)

    # -- life ---------------------------------------------------------------

    def close(self):
        """Frees the database, an open batch and the cached collators."""
        if self._batch is not None:
            self._batch.close()
        for coll in self._collators.values():
            lib.iedu_collator_free(coll)
        self._collators.clear()
        if self._ptr is not None:
            lib.iedu_db_free(self._ptr)
            self._ptr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        # when __init__ failed, _ptr is unset or None
        if getattr(self, "_ptr", None) is not None:
            self.close()

    @property
    def closed(self):
        return self._ptr is None

    def _db(self):
        if self._ptr is None:
            raise _errors.StateError("the database is closed", code=-4)
        return self._ptr

    # -- reading and writing XML ---------------------------------------------

    def load(self, source, name=None):
        """Imports an iedu XML document: a path (str or os.PathLike) or the
        document itself as bytes. name names bytes input in error messages
        (default "<memory>"). All or nothing: on error nothing is added."""
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            lib.iedu_xml_import_memory(self._db(), data, len(data),
                                       _b(name or "<memory>"))
        else:
            lib.iedu_xml_import_file(self._db(), os.fsencode(source))

    def set_import_threads(self, n):
        """How many threads load() may use: 1 (the default) or 2, where
        libxml2 parses in a second thread while this one stores; the result
        is the same. More than 2 counts as 2; 0 raises InvalidArgumentError.
        """
        lib.iedu_db_set_import_threads(
            self._db(), _threads("set_import_threads", n))

    def set_export_threads(self, n):
        """How many threads save() and dumps() may use: 1 (the default) or
        2, where a second thread writes every other share of 1,024
        records; the bytes are the same. More than 2 counts as 2; 0 raises
        InvalidArgumentError.
        """
        lib.iedu_db_set_export_threads(
            self._db(), _threads("set_export_threads", n))

    def save(self, path):
        """Writes canonical iedu XML to path, atomically."""
        lib.iedu_xml_export_file(self._db(), os.fsencode(path))

    def dumps(self):
        """The canonical iedu XML of the database, as bytes."""
        buf = ctypes.POINTER(ctypes.c_char)()
        size = ctypes.c_size_t()
        lib.iedu_xml_export_memory(ctypes.byref(buf), ctypes.byref(size),
                                   self._db())
        try:
            return ctypes.string_at(buf, size.value)
        finally:
            lib.iedu_free(buf)

    # -- records --------------------------------------------------------------

    def __len__(self):
        return lib.iedu_db_count(self._db(), 0)

    def count(self, kind=None):
        """The number of records of a kind (None: of all kinds)."""
        return lib.iedu_db_count(self._db(), _kind(kind) if kind else 0)

    def _record(self, handle):
        return Record(self, handle) if handle else None

    def get(self, id):
        """The record with this id; NotFoundError when there is none."""
        handle = c_handle()
        lib.iedu_db_lookup(ctypes.byref(handle), self._db(), _b(id))
        return Record(self, handle.value)

    __getitem__ = get

    def __contains__(self, id):
        try:
            self.get(id)
        except _errors.NotFoundError:
            return False
        return True

    def records(self, kind, type=None, sort_locale=None, lang=None):
        """An iterator over the records of a kind ("organization"), of one
        type token if given. With sort_locale (an ICU locale: "zh" for
        pinyin, "zh@collation=stroke", "en") or lang, sorted by their name
        in lang (default: the locale's language); otherwise in the order
        they were added."""
        db = self._db()
        k = _kind(kind)
        if sort_locale is None and lang is None:
            handles = [lib.iedu_db_record_at(db, k, i)
                       for i in range(lib.iedu_db_count(db, k))]
            if type is not None:
                handles = [h for h in handles
                           if _s(lib.iedu_record_attr(db, h, 2)) == type]
        else:
            opts = ListOptions()
            lib.iedu_list_options_init(ctypes.byref(opts),
                                       LIST_OPTIONS_VERSION)
            opts.kind = k
            opts.lang = None if lang is None else _b(lang)
            opts.type = None if type is None else _b(type)
            opts.collator = (None if sort_locale is None
                             else self._collator(sort_locale))
            out = ctypes.POINTER(c_handle)()
            count = ctypes.c_size_t()
            lib.iedu_db_sorted(ctypes.byref(out), ctypes.byref(count), db,
                               ctypes.byref(opts))
            try:
                handles = out[:count.value] if count.value else []
            finally:
                lib.iedu_free(out)
        return (Record(self, h) for h in handles)

    def _collator(self, locale):
        # kept for the database's life: its sort keys are cached per collator
        coll = self._collators.get(locale)
        if coll is None:
            ptr = ctypes.c_void_p()
            lib.iedu_collator_new(ctypes.byref(ptr), _b(locale), 3)
            coll = self._collators[locale] = ptr
        return coll

    # -- queries --------------------------------------------------------------

    def find(self, query, kind=None, limit=None):
        """Records whose names or aliases match query, across scripts
        (pinyin too), best first: a list of Match."""
        out = ctypes.c_void_p()
        lib.iedu_db_find(ctypes.byref(out), self._db(), _b(query),
                         _kind(kind) if kind else 0, limit or 0)
        try:
            return [Match(Record(self, lib.iedu_matches_record(out, i)),
                          _s(lib.iedu_matches_text(out, i)),
                          _s(lib.iedu_match_how_name(
                              lib.iedu_matches_how(out, i))),
                          bool(lib.iedu_matches_via_pinyin(out, i)))
                    for i in range(lib.iedu_matches_count(out))]
        finally:
            lib.iedu_matches_free(out)

    def query(self, query, target):
        """The records that refer to target (an id or Record) in one way:
        query is a name from QUERIES ("members-of-body", "citing-source")."""
        if query not in QUERIES:
            raise _errors.InvalidArgumentError(
                "unknown query %r" % (query,), code=-3)
        db = self._db()
        h = self._handle(target)
        return [Record(self, x) for x in _handles(
            lambda count, out, cap: lib.iedu_db_query(
                count, out, cap, db, QUERIES[query], h))]

    def members(self, body):
        """The members of a collaborative body (an id or Record): a list of
        Member(org, roles) in the order the memberships were added."""
        return [Member(m.ref("member"), m.roles)
                for m in self.query("members-of-body", body)]

    def _handle(self, target):
        if isinstance(target, Record):
            if target._db is not self:
                raise _errors.InvalidArgumentError(
                    "the record belongs to another database", code=-3)
            return target.handle
        return self.get(target).handle

    def check(self):
        """The consistency findings of the whole database: a list of
        Finding."""
        db = self._db()
        out = ctypes.c_void_p()
        lib.iedu_db_check(ctypes.byref(out), db)
        try:
            return [Finding(
                _s(lib.iedu_finding_name(lib.iedu_findings_code(out, i))),
                _s(lib.iedu_record_id(db, lib.iedu_findings_record(out, i))),
                _s(lib.iedu_findings_field(out, i)),
                _s(lib.iedu_findings_message(out, i)))
                for i in range(lib.iedu_findings_count(out))]
        finally:
            lib.iedu_findings_free(out)

    # -- adding records -------------------------------------------------------

    def batch(self):
        """A Batch on this database: use it as a context manager, which
        commits when the block succeeds and discards it when it raises."""
        return Batch(self)

    def add(self, *records):
        """Adds records given as dicts (see Batch.add), all or none."""
        with self.batch() as b:
            for r in records:
                b.add(r)


class Record:
    """One record of a Database.

    Attributes of the record read as properties (record.founded; an
    attribute that is a Python keyword with a trailing underscore:
    record.from_; dashes as underscores) or by XML name (record["from"]);
    .attrs has them all. A property of an attribute of the record's kind
    that this record lacks is None (record[name] raises KeyError); one of
    an attribute records of its kind never have raises AttributeError.
    """

    __slots__ = ("_db", "handle")

    def __init__(self, db, handle):
        self._db = db
        self.handle = handle

    def _ptr(self):
        return self._db._db()

    def __eq__(self, other):
        return (isinstance(other, Record) and other._db is self._db
                and other.handle == self.handle)

    def __hash__(self):
        return hash((id(self._db), self.handle))

    def __repr__(self):
        ident = self.id
        return "<iedu.Record %s %s>" % (
            self.kind, repr(ident) if ident else
            "#%d" % lib.iedu_record_index(self._ptr(), self.handle))

    @property
    def database(self):
        return self._db

    @property
    def id(self):
        return _s(lib.iedu_record_id(self._ptr(), self.handle))

    @property
    def kind(self):
        return _s(lib.iedu_kind_name(
            lib.iedu_record_kind(self._ptr(), self.handle)))

    @property
    def type(self):
        return self.get("type")

    @property
    def attrs(self):
        """Every attribute the record has, by XML name, as iedu XML
        writes it."""
        db = self._ptr()
        out = {}
        for i, name in enumerate(_ATTRS, 1):
            v = lib.iedu_record_attr(db, self.handle, i)
            if v is not None:
                out[name] = v.decode("utf-8")
        return out

    def get(self, attr, default=None):
        """An attribute's value by XML name, or default."""
        v = lib.iedu_record_attr(self._ptr(), self.handle, _attr(attr))
        return default if v is None else v.decode("utf-8")

    def __getitem__(self, attr):
        v = self.get(attr)
        if v is None:
            raise KeyError(attr)
        return v

    def __getattr__(self, name):
        xml = name.rstrip("_").replace("_", "-")
        xml = _ATTR_ALIASES.get(xml, xml)
        if xml not in _ATTRS or not lib.iedu_kind_has_attr(
                lib.iedu_record_kind(self._ptr(), self.handle), _attr(xml)):
            raise AttributeError(name)
        return self.get(xml)

    def ref(self, attr):
        """The Record a reference attribute ("member", "body", "to") names."""
        return self._db._record(
            lib.iedu_record_ref(self._ptr(), self.handle, _attr(attr)))

    def refs(self, attr):
        """The Records a list-of-references attribute ("hosts") names."""
        db, a = self._ptr(), _attr(attr)
        return [Record(self._db, h) for h in _handles(
            lambda count, out, cap: lib.iedu_record_refs(
                count, out, cap, db, self.handle, a))]

    @property
    def roles(self):
        """A membership's roles, in canonical order ([] for other records)."""
        v = lib.iedu_record_attr(self._ptr(), self.handle, _attr("role"))
        return v.decode("utf-8").split() if v and self.kind == "membership" \
            else []

    def children(self, child):
        """The child elements of one kind ("identifier", "cite"), in
        canonical order: a list of Child(text, attrs)."""
        db, c = self._ptr(), _child(child)
        out = []
        for i in range(lib.iedu_record_child_count(db, self.handle, c)):
            attrs = {}
            for a, name in enumerate(_ATTRS, 1):
                v = lib.iedu_record_child_attr(db, self.handle, c, i, a)
                if v is not None:
                    attrs[name] = v.decode("utf-8")
            out.append(Child(
                _s(lib.iedu_record_child_text(db, self.handle, c, i)), attrs))
        return out

    def _texts(self, child):
        db, c, h = self._ptr(), _child(child), self.handle
        lang = _attr("xml:lang")
        return [(_s(lib.iedu_record_child_attr(db, h, c, i, lang)),
                 _s(lib.iedu_record_child_text(db, h, c, i)))
                for i in range(lib.iedu_record_child_count(db, h, c))]

    @property
    def names(self):
        """The record's names (titles, labels) by language tag."""
        out = {}
        for child in _NAME_CHILDREN:
            for lang, text in self._texts(child):
                out.setdefault(lang or "", text)
        return out

    def name(self, lang=None):
        """The text the record is listed by in lang (its name, title or
        label there, else in another language, else its id)."""
        return _s(lib.iedu_record_display_name(
            self._ptr(), self.handle, None if lang is None else _b(lang)))

    @property
    def aliases(self):
        """The record's aliases (texts), in canonical order."""
        return [text for _, text in self._texts("alias")]

    @property
    def cites(self):
        """The record's sources: a list of Cite(source, locator, quote)."""
        db, h, c = self._ptr(), self.handle, _child("cite")
        src, loc, quote = _attr("source"), _attr("locator"), _attr("quote")
        return [Cite(_s(lib.iedu_record_child_attr(db, h, c, i, src)),
                     _s(lib.iedu_record_child_attr(db, h, c, i, loc)),
                     _s(lib.iedu_record_child_attr(db, h, c, i, quote)))
                for i in range(lib.iedu_record_child_count(db, h, c))]


class Batch:
    """Records staged to be added to a database together, or not at all.

    Each record is a dict: "kind" (required) and attributes by XML name
    ("id", "type", "from", "lang" for xml:lang) with str values (a list is
    joined with spaces: "role": ["lead", "chair"]); a key naming a child
    element ("name", "alias", "cite", "identifier", ...) holds the children:
      - a dict of language -> text: one child per language
        ("name": {"zh": "中南大学", "en": "Central South University"});
      - a str: one child with that text;
      - a dict with "text" and/or attribute keys: one child;
      - a list of str or such dicts: one child each.
    """

    def __init__(self, db):
        self._db = db
        self._ptr = None
        ptr = ctypes.c_void_p()
        lib.iedu_batch_new(ctypes.byref(ptr), db._db())
        self._ptr = ptr
        db._batch = self

    def __len__(self):
        """The number of records added to the batch so far."""
        return lib.iedu_batch_count(self._live())

    def _live(self):
        if self._ptr is None:
            raise _errors.StateError("the batch is closed", code=-4)
        return self._ptr

    def add(self, record):
        """Stages one record (a dict, see the class). On error the record
        is dropped from the batch, which stays usable."""
        b = self._live()
        fields = dict(record)
        try:
            kind = fields.pop("kind")
        except KeyError:
            raise _errors.MissingError("a record needs a 'kind'",
                                       code=-8) from None
        lib.iedu_batch_record(b, _kind(kind))
        depth = 1
        try:
            for key, value in fields.items():
                if lib.iedu_attr_from_name(_b(_ATTR_ALIASES.get(key, key))):
                    self._set(_attr(key), value)
                    continue
                child = _child(key)
                for item in _child_items(value):
                    lib.iedu_batch_child(b, child)
                    depth = 2
                    for k, v in item.items():
                        if k == _TEXT_KEY:
                            t = _b(v)
                            lib.iedu_batch_text(b, t, len(t))
                        else:
                            self._set(_attr(k), v)
                    lib.iedu_batch_end(b)
                    depth = 1
            lib.iedu_batch_end(b)
            depth = 0
        finally:
            for _ in range(depth):
                lib.iedu_batch_discard(b)

    def _set(self, attr, value):
        if isinstance(value, (list, tuple)):
            value = " ".join(value)
        v = _b(value)
        lib.iedu_batch_set(self._ptr, attr, v, len(v))

    def commit(self):
        """Adds the staged records to the database; the batch is then spent."""
        try:
            lib.iedu_batch_commit(self._live())
        finally:
            self.close()

    def close(self):
        """Frees the batch; records not committed are discarded."""
        if self._ptr is not None:
            lib.iedu_batch_free(self._ptr)
            self._ptr = None
            self._db._batch = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None and self._ptr is not None:
            self.commit()
        else:
            self.close()

    def __del__(self):
        if getattr(self, "_ptr", None) is not None:
            self.close()


def pinyin(text, personal=False):
    """The pinyin of text as the search index uses it: lower case, syllables
    separated by spaces, tone marks kept ("zhōng nán dà xué"); personal:
    with the rules for personal names (曾 zeng, 单 shan)."""
    out = ctypes.POINTER(ctypes.c_char)()
    lib.iedu_pinyin(ctypes.byref(out), _b(text), 1 if personal else 0)
    try:
        return ctypes.string_at(out).decode("utf-8")
    finally:
        lib.iedu_free(out)


def _child_items(value):
    """The children a dict value of Batch.add describes, as attribute dicts."""
    if isinstance(value, str):
        return [{_TEXT_KEY: value}]
    if isinstance(value, dict):
        if _TEXT_KEY in value or any(
                lib.iedu_attr_from_name(_b(_ATTR_ALIASES.get(k, k)))
                for k in value):
            return [value]
        return [{"xml:lang": lang, _TEXT_KEY: text}
                for lang, text in value.items()]
    return [{_TEXT_KEY: v} if isinstance(v, str) else v for v in value]

#!/usr/bin/python3
"""The Python peer of the benchmark: the same work as the library's import
plus a pinyin-sorted listing of the organisations, written the way a Python
user would write it with Debian's python3-lxml and python3-icu.

    /usr/bin/python3 peer.py FILE

Every record of the document is kept (its attributes and its children),
the way an importer keeps them; the organisations are
then sorted by the ICU "zh" sort key of their Chinese name, ties by id, as
iedu_db_sorted() orders them. No validation is done: the peer does less
than the library, never more.

Prints "records N", "organizations N" and "first ID ..." (the first five
ids of the listing, which the benchmark compares with the library's).
Exits 77 when lxml or PyICU is missing, so the benchmark reports the
figure as skipped.
"""
import sys

try:
    from lxml import etree
    import icu
except ImportError as e:
    print(f"peer.py: {e}: install python3-lxml and python3-icu",
          file=sys.stderr)
    sys.exit(77)

NS = "{urn:iedu:1}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KINDS = ("source", "organization", "person", "membership", "post",
         "relation", "designation", "event", "agreement", "statistic")


def read_records(path):
    """Every record as (kind, attributes, children), each a tuple of
    pairs or triples (tuples rather than dicts: a million organisations
    bring six million records, and dicts would need ~16 GB); the tree is
    pruned as it is read."""
    records = []
    tags = [NS + k for k in KINDS]
    for _, elem in etree.iterparse(path, events=("end",), tag=tags,
                                   resolve_entities=False, no_network=True,
                                   huge_tree=True):
        if elem.getparent() is None or elem.getparent().tag != NS + "iedu":
            continue  # a child element that shares a record kind's name
        records.append((etree.QName(elem).localname,
                        tuple(elem.attrib.items()),
                        tuple((etree.QName(c).localname,
                               tuple(c.attrib.items()), c.text)
                              for c in elem)))
        elem.clear()
        parent = elem.getparent()
        while elem.getprevious() is not None:
            del parent[0]
    return records


def record_id(rec):
    return dict(rec[1])["id"]


def chinese_name(rec):
    for tag, attrib, text in rec[2]:
        if tag == "name" and (XML_LANG, "zh") in attrib:
            return text
    return record_id(rec)


def main():
    if len(sys.argv) != 2:
        print("usage: peer.py FILE", file=sys.stderr)
        return 2
    records = read_records(sys.argv[1])
    orgs = [(chinese_name(r), record_id(r)) for r in records
            if r[0] == "organization"]
    collator = icu.Collator.createInstance(icu.Locale("zh"))
    orgs.sort(key=lambda o: (collator.getSortKey(o[0]), o[1]))
    print("records", len(records))
    print("organizations", len(orgs))
    print("first", " ".join(o[1] for o in orgs[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The collaborative bodies of a dataset, in pinyin order, with their lead units.

    python3 examples/communities.py [FILE.xml]

Without FILE, reads the bundled dataset (data/reports.xml beside this
script). A collaborative body is an organization of type community,
consortium, alliance or education-group; its lead units are the members
whose roles include "lead". Needs the iedu package (bindings/python) and
libiedu (see IEDU_LIBRARY in bindings/python/README.md).
"""

import os
import sys

import iedu

BODY_TYPES = {"community", "consortium", "alliance", "education-group"}
LANG = "zh"


def label(record):
    return "%s [%s]" % (record.name(LANG), record.id)


def main(argv):
    if len(argv) > 2:
        sys.exit("usage: communities.py [FILE.xml]")
    path = argv[1] if len(argv) == 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "data", "reports.xml")
    try:
        db = iedu.Database(path)
    except iedu.Error as e:
        sys.exit("communities.py: %s" % e)
    with db:
        for body in db.records("organization", sort_locale=LANG):
            if body.type not in BODY_TYPES:
                continue
            print("%s (%s)" % (label(body), body.type))
            leads = [m.org for m in db.members(body) if "lead" in m.roles]
            for org in leads:
                print("  lead: %s" % label(org))
            if not leads:
                print("  lead: (none recorded)")


if __name__ == "__main__":
    main(sys.argv)

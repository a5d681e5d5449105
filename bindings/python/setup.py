"""Build step of the iedu package: records the libiedu version it is for.

The binding checks at import that the C library's major version is the one
it was built for. That version is the project's, read here from
include/iedu/version.h (or the file IEDU_VERSION_H names, for a build
outside the source tree) and written into the package as iedu/_abi.py.
"""

import os
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = os.environ.get("IEDU_VERSION_H") or os.path.join(
    HERE, os.pardir, os.pardir, "include", "iedu", "version.h")


def header_version():
    # the same parser the package uses in the source tree, without
    # importing the package (which would load the C library)
    import re
    with open(HEADER, encoding="utf-8") as f:
        text = f.read()
    out = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(r"^#define IEDU_VERSION_%s +([0-9]+)$" % part, text,
                      re.MULTILINE)
        if not m:
            sys.exit("setup.py: IEDU_VERSION_%s not found in %s"
                     % (part, HEADER))
        out.append(int(m.group(1)))
    return tuple(out)


try:
    VERSION = header_version()
except OSError as e:
    sys.exit("setup.py: cannot read libiedu's version.h (%s); build from the "
             "libiedu source tree or set IEDU_VERSION_H=/path/to/iedu/version.h"
             % e)


class BuildPy(build_py):
    def run(self):
        super().run()
        path = os.path.join(self.build_lib, "iedu", "_abi.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write('"""Written by setup.py from iedu/version.h."""\n'
                    "VERSION = %r\n" % (VERSION,))


setup(version="%d.%d.%d" % VERSION, cmdclass={"build_py": BuildPy})

"""libiedu for Python: industry-education integration data.

    import iedu
    with iedu.Database("reports.xml") as db:
        csu = db.get("csu")
        print(csu.names["zh"], [m.org.id for m in db.members("nf-community")])

The C library is found through the IEDU_LIBRARY environment variable (a
path), then as libiedu.so.MAJOR, then by ctypes.util.find_library("iedu").
"""

from ._lib import VERSION as _BINDING_VERSION, lib as _clib
from ._errors import (Error, NoMemoryError, InvalidArgumentError, StateError,
                      BusyError, NotFoundError, DataError, InvalidValueError,
                      MissingError, DuplicateError, ReferenceError, KindError,
                      CycleError, ConstraintError, UnknownFieldError,
                      LimitError, ParseError, VersionError, FileError)
from ._database import (Database, Record, Batch, Cite, Match, Member, Finding,
                        Child, QUERIES, pinyin)

__version__ = "%d.%d.%d" % _BINDING_VERSION
library_version = _clib.iedu_version_string().decode()
del _clib

# ReferenceError is left out: "from iedu import *" would hide the builtin
__all__ = [
    "Database", "Record", "Batch", "Cite", "Match", "Member", "Finding",
    "Child", "QUERIES", "pinyin", "Error", "NoMemoryError",
    "InvalidArgumentError",
    "StateError", "BusyError", "NotFoundError", "DataError",
    "InvalidValueError", "MissingError", "DuplicateError", "KindError",
    "CycleError", "ConstraintError", "UnknownFieldError", "LimitError",
    "ParseError", "VersionError", "FileError", "library_version",
]

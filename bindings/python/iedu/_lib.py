"""Loading libiedu and declaring its C functions: the only ctypes layer.

Every C function the binding calls is declared once, in FUNCTIONS, with
its argument types, result type and error check. Nothing else in the
package touches ctypes prototypes.
"""

import ctypes
import ctypes.util
import os
import re

from . import _errors

# --- the major version the binding was written for --------------------------
#
# An installed package carries it in _abi.py, written at build time from
# include/iedu/version.h (see setup.py). In the source tree the binding
# reads the same header directly, so it always matches the library built
# next to it.

_HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       os.pardir, os.pardir, os.pardir,
                       "include", "iedu", "version.h")


def read_header_version(path):
    """(major, minor, patch) from an iedu/version.h."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    parts = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(r"^#define IEDU_VERSION_%s +([0-9]+)$" % part, text,
                      re.MULTILINE)
        if not m:
            raise ImportError("libiedu: IEDU_VERSION_%s not found in %s"
                              % (part, path))
        parts.append(int(m.group(1)))
    return tuple(parts)


def _binding_version():
    try:
        from ._abi import VERSION
        return VERSION
    except ImportError:
        pass
    try:
        return read_header_version(_HEADER)
    except OSError:
        raise ImportError(
            "libiedu: the binding does not know which library version it "
            "was built for: iedu/_abi.py is missing (install the package "
            "with pip) and %s cannot be read" % os.path.normpath(_HEADER)
        ) from None


VERSION = _binding_version()
MAJOR = VERSION[0]

# --- C types -----------------------------------------------------------------

c_handle = ctypes.c_uint32
c_enum = ctypes.c_int
c_db_p = ctypes.c_void_p
c_ptr = ctypes.c_void_p
c_str = ctypes.c_char_p
c_size_p = ctypes.POINTER(ctypes.c_size_t)
c_handle_p = ctypes.POINTER(c_handle)
c_buf_p = ctypes.POINTER(ctypes.c_char)


class ListOptions(ctypes.Structure):
    """struct iedu_list_options, version 1 (collation.h)."""
    _fields_ = [
        ("version", ctypes.c_uint32),
        ("kind", c_enum),
        ("lang", c_str),
        ("collator", c_ptr),
        ("type", c_str),
        ("level", c_str),
        ("roles", ctypes.c_uint32),
    ]


LIST_OPTIONS_VERSION = 1

# --- error checks ------------------------------------------------------------

_lib = None


def last_error(status):
    """The exception for a failed call that returned status."""
    err = _lib.iedu_error_last()
    if _lib.iedu_error_code(err) != status:
        # the call recorded nothing of its own: report the status alone
        return _errors.from_status(status, _text(_lib.iedu_strerror(status)))
    message = (_text(_lib.iedu_error_message(err))
               or _text(_lib.iedu_strerror(status)))
    return _errors.from_status(
        status, message,
        record_id=_text(_lib.iedu_error_record_id(err)),
        kind=_text(_lib.iedu_kind_name(_lib.iedu_error_record_kind(err))),
        field=_text(_lib.iedu_error_field(err)),
        file=_text(_lib.iedu_error_file(err)),
        line=_lib.iedu_error_line(err),
        column=_lib.iedu_error_column(err))


def _check_status(result, func, args):
    if result < 0:
        raise last_error(result)
    return result


def _text(b):
    return None if b is None else b.decode("utf-8")


# --- the functions -----------------------------------------------------------
#
# (name, argtypes, restype, errcheck). A status-returning function gets
# _check_status; getters return NULL/0 for "none" and need no check.

_S = _check_status
FUNCTIONS = [
    # version.h
    ("iedu_version_major", [], ctypes.c_uint32, None),
    ("iedu_version_string", [], c_str, None),
    # errors.h
    ("iedu_strerror", [ctypes.c_int], c_str, None),
    ("iedu_error_last", [], c_ptr, None),
    ("iedu_error_code", [c_ptr], ctypes.c_int, None),
    ("iedu_error_message", [c_ptr], c_str, None),
    ("iedu_error_record_id", [c_ptr], c_str, None),
    ("iedu_error_record_kind", [c_ptr], c_enum, None),
    ("iedu_error_field", [c_ptr], c_str, None),
    ("iedu_error_file", [c_ptr], c_str, None),
    ("iedu_error_line", [c_ptr], ctypes.c_uint32, None),
    ("iedu_error_column", [c_ptr], ctypes.c_uint32, None),
    # common.h
    ("iedu_kind_name", [c_enum], c_str, None),
    ("iedu_attr_name", [c_enum], c_str, None),
    ("iedu_child_name", [c_enum], c_str, None),
    ("iedu_kind_from_name", [c_str], c_enum, None),
    ("iedu_attr_from_name", [c_str], c_enum, None),
    ("iedu_child_from_name", [c_str], c_enum, None),
    ("iedu_kind_has_attr", [c_enum, c_enum], ctypes.c_int, None),
    # alloc.h
    ("iedu_free", [c_ptr], None, None),
    # database.h
    ("iedu_db_new", [ctypes.POINTER(c_db_p)], ctypes.c_int, _S),
    ("iedu_db_free", [c_db_p], None, None),
    ("iedu_db_count", [c_db_p, c_enum], ctypes.c_uint32, None),
    ("iedu_db_record_at", [c_db_p, c_enum, ctypes.c_uint32], c_handle, None),
    ("iedu_db_lookup", [c_handle_p, c_db_p, c_str], ctypes.c_int, _S),
    # records.h
    ("iedu_record_kind", [c_db_p, c_handle], c_enum, None),
    ("iedu_record_index", [c_db_p, c_handle], ctypes.c_uint32, None),
    ("iedu_record_id", [c_db_p, c_handle], c_str, None),
    ("iedu_record_attr", [c_db_p, c_handle, c_enum], c_str, None),
    ("iedu_record_ref", [c_db_p, c_handle, c_enum], c_handle, None),
    ("iedu_record_refs", [c_size_p, c_handle_p, ctypes.c_size_t, c_db_p,
                          c_handle, c_enum], ctypes.c_int, _S),
    ("iedu_record_child_count", [c_db_p, c_handle, c_enum], ctypes.c_uint32,
     None),
    ("iedu_record_child_text", [c_db_p, c_handle, c_enum, ctypes.c_uint32],
     c_str, None),
    ("iedu_record_child_attr", [c_db_p, c_handle, c_enum, ctypes.c_uint32,
                                c_enum], c_str, None),
    ("iedu_record_child_ref", [c_db_p, c_handle, c_enum, ctypes.c_uint32,
                               c_enum], c_handle, None),
    # batch.h
    ("iedu_batch_new", [ctypes.POINTER(c_ptr), c_db_p], ctypes.c_int, _S),
    ("iedu_batch_record", [c_ptr, c_enum], ctypes.c_int, _S),
    ("iedu_batch_child", [c_ptr, c_enum], ctypes.c_int, _S),
    ("iedu_batch_set", [c_ptr, c_enum, c_str, ctypes.c_size_t], ctypes.c_int,
     _S),
    ("iedu_batch_text", [c_ptr, c_str, ctypes.c_size_t], ctypes.c_int, _S),
    ("iedu_batch_end", [c_ptr], ctypes.c_int, _S),
    ("iedu_batch_discard", [c_ptr], ctypes.c_int, _S),
    ("iedu_batch_count", [c_ptr], ctypes.c_uint32, None),
    ("iedu_batch_commit", [c_ptr], ctypes.c_int, _S),
    ("iedu_batch_free", [c_ptr], None, None),
    # queries.h
    ("iedu_db_query", [c_size_p, c_handle_p, ctypes.c_size_t, c_db_p, c_enum,
                       c_handle], ctypes.c_int, _S),
    # check.h
    ("iedu_db_check", [ctypes.POINTER(c_ptr), c_db_p], ctypes.c_int, _S),
    ("iedu_findings_count", [c_ptr], ctypes.c_size_t, None),
    ("iedu_findings_code", [c_ptr, ctypes.c_size_t], c_enum, None),
    ("iedu_findings_record", [c_ptr, ctypes.c_size_t], c_handle, None),
    ("iedu_findings_field", [c_ptr, ctypes.c_size_t], c_str, None),
    ("iedu_findings_message", [c_ptr, ctypes.c_size_t], c_str, None),
    ("iedu_finding_name", [c_enum], c_str, None),
    ("iedu_findings_free", [c_ptr], None, None),
    # xml.h
    ("iedu_xml_import_file", [c_db_p, c_str], ctypes.c_int, _S),
    ("iedu_xml_import_memory", [c_db_p, ctypes.c_char_p, ctypes.c_size_t,
                                c_str], ctypes.c_int, _S),
    ("iedu_xml_export_file", [c_db_p, c_str], ctypes.c_int, _S),
    ("iedu_db_set_import_threads", [c_db_p, ctypes.c_uint32], ctypes.c_int,
     _S),
    ("iedu_db_set_export_threads", [c_db_p, ctypes.c_uint32], ctypes.c_int,
     _S),
    ("iedu_xml_export_memory", [ctypes.POINTER(c_buf_p), c_size_p, c_db_p],
     ctypes.c_int, _S),
    # collation.h
    ("iedu_collator_new", [ctypes.POINTER(c_ptr), c_str, c_enum],
     ctypes.c_int, _S),
    ("iedu_collator_free", [c_ptr], None, None),
    ("iedu_list_options_init", [ctypes.POINTER(ListOptions), ctypes.c_uint32],
     ctypes.c_int, _S),
    ("iedu_db_sorted", [ctypes.POINTER(c_handle_p), c_size_p, c_db_p,
                        ctypes.POINTER(ListOptions)], ctypes.c_int, _S),
    ("iedu_record_display_name", [c_db_p, c_handle, c_str], c_str, None),
    # search.h
    ("iedu_db_find", [ctypes.POINTER(c_ptr), c_db_p, c_str, c_enum,
                      ctypes.c_size_t], ctypes.c_int, _S),
    ("iedu_matches_count", [c_ptr], ctypes.c_size_t, None),
    ("iedu_matches_record", [c_ptr, ctypes.c_size_t], c_handle, None),
    ("iedu_matches_text", [c_ptr, ctypes.c_size_t], c_str, None),
    ("iedu_matches_child", [c_ptr, ctypes.c_size_t], c_enum, None),
    ("iedu_matches_how", [c_ptr, ctypes.c_size_t], c_enum, None),
    ("iedu_matches_via_pinyin", [c_ptr, ctypes.c_size_t], ctypes.c_int, None),
    ("iedu_match_how_name", [c_enum], c_str, None),
    ("iedu_matches_free", [c_ptr], None, None),
    ("iedu_pinyin", [ctypes.POINTER(c_buf_p), c_str, ctypes.c_int],
     ctypes.c_int, _S),
]

# --- loading -----------------------------------------------------------------


def _candidates(major, environ):
    """The libraries to try, in order, each as (how it was found, name)."""
    path = environ.get("IEDU_LIBRARY")
    if path:
        # an explicit choice is the only one tried: falling back to another
        # library would hide the mistake
        return [("IEDU_LIBRARY", path)]
    found = ctypes.util.find_library("iedu")
    out = [("soname", "libiedu.so.%d" % major)]
    if found:
        out.append(("ctypes.util.find_library('iedu')", found))
    else:
        out.append(("ctypes.util.find_library('iedu')", None))
    return out


def _declare(lib, entries):
    for name, argtypes, restype, errcheck in entries:
        try:
            func = getattr(lib, name)
        except AttributeError:
            raise ImportError(
                "libiedu: %s has no function %s: the library is older than "
                "the binding (%d.%d.%d)" % (lib._name, name, *VERSION)
            ) from None
        func.argtypes = argtypes
        func.restype = restype
        if errcheck is not None:
            func.errcheck = errcheck


def open_library(major=MAJOR, environ=os.environ):
    """Loads libiedu and checks its major version; ImportError otherwise."""
    tried = []
    lib = None
    for how, name in _candidates(major, environ):
        if name is None:
            tried.append("  %s: found nothing" % how)
            continue
        try:
            lib = ctypes.CDLL(name)
            break
        except OSError as e:
            tried.append("  %s=%s: %s" % (how, name, e))
    if lib is None:
        raise ImportError(
            "libiedu: cannot load the C library; tried:\n%s\n"
            "Fix: set IEDU_LIBRARY=/path/to/libiedu.so.%d, or install "
            "libiedu %d.x where the dynamic linker finds it "
            "(see ldconfig)." % ("\n".join(tried), major, major))
    # the version first: a library of another major may lack functions
    _declare(lib, FUNCTIONS[:2])
    got = lib.iedu_version_major()
    if got != major:
        raise ImportError(
            "libiedu: %s is version %s (major %d) but this binding was "
            "written for major version %d; install the matching libiedu or "
            "set IEDU_LIBRARY=/path/to/libiedu.so.%d"
            % (lib._name, lib.iedu_version_string().decode(), got, major,
               major))
    _declare(lib, FUNCTIONS[2:])
    return lib


_lib = open_library()
lib = _lib

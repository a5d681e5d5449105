"""The exceptions: one class per IEDU_E* status code, grouped in families."""

import builtins


class Error(Exception):
    """A libiedu call failed.

    str(e) is the library's complete message, which begins with
    "FILE:LINE:COLUMN: error: " when the error has a location.

    Attributes: code (the negative IEDU_E* status), name ("IEDU_EVALUE"),
    message, record_id, kind (of that record, e.g. "organization"), field
    ("founded", "cite/@source"), file, line and column (0 when unknown);
    the ones the library does not know are None.
    """

    def __init__(self, message, code=-1, record_id=None, kind=None,
                 field=None, file=None, line=0, column=0):
        super().__init__(message)
        self.message = message
        self.code = code
        self.name = STATUS_NAMES.get(code, "IEDU_ERROR")
        self.record_id = record_id
        self.kind = kind
        self.field = field
        self.file = file
        self.line = line
        self.column = column

    def __str__(self):
        return self.message


class NoMemoryError(Error, MemoryError):
    """IEDU_ENOMEM: an allocation failed; nothing was changed."""


class InvalidArgumentError(Error, builtins.ValueError):
    """IEDU_EINVAL: a bad argument (out of range, wrong handle)."""


class StateError(Error):
    """IEDU_ESTATE: a call out of sequence (e.g. a batch already spent)."""


class BusyError(Error):
    """IEDU_EBUSY: the database already has an open batch."""


class NotFoundError(Error, LookupError):
    """IEDU_ENOTFOUND: no record with that id or handle."""


class DataError(Error, builtins.ValueError):
    """The family of refused data: the document or record is invalid."""


class InvalidValueError(DataError):
    """IEDU_EVALUE: a malformed value (date, number, id, token, text)."""


class MissingError(DataError):
    """IEDU_EMISSING: a required attribute, text or child is missing."""


class DuplicateError(DataError):
    """IEDU_EDUPLICATE: an id, a language or a key given twice."""


class ReferenceError(DataError):
    """IEDU_EREF: a reference names no record."""


class KindError(DataError):
    """IEDU_EKIND: a reference names a record of the wrong kind."""


class CycleError(DataError):
    """IEDU_ECYCLE: part-of relations would form a cycle."""


class ConstraintError(DataError):
    """IEDU_ECONSTRAINT: values that contradict each other."""


class UnknownFieldError(DataError):
    """IEDU_EUNKNOWN: an attribute or child the element does not have."""


class LimitError(DataError):
    """IEDU_ELIMIT: a size limit of the library was exceeded."""


class ParseError(DataError):
    """IEDU_EPARSE: the input is not well-formed XML or iedu XML."""


class VersionError(DataError):
    """IEDU_EVERSION: a format version this library does not read."""


class FileError(Error, OSError):
    """IEDU_EIO: reading or writing a file failed."""

    def __init__(self, message, **details):
        Error.__init__(self, message, **details)


# status code -> (name, class); codes are never reused (errors.h)
STATUS = {
    -1: ("IEDU_ERROR", Error),
    -2: ("IEDU_ENOMEM", NoMemoryError),
    -3: ("IEDU_EINVAL", InvalidArgumentError),
    -4: ("IEDU_ESTATE", StateError),
    -5: ("IEDU_EBUSY", BusyError),
    -6: ("IEDU_ENOTFOUND", NotFoundError),
    -7: ("IEDU_EVALUE", InvalidValueError),
    -8: ("IEDU_EMISSING", MissingError),
    -9: ("IEDU_EDUPLICATE", DuplicateError),
    -10: ("IEDU_EREF", ReferenceError),
    -11: ("IEDU_EKIND", KindError),
    -12: ("IEDU_ECYCLE", CycleError),
    -13: ("IEDU_ECONSTRAINT", ConstraintError),
    -14: ("IEDU_EUNKNOWN", UnknownFieldError),
    -15: ("IEDU_ELIMIT", LimitError),
    -16: ("IEDU_EIO", FileError),
    -17: ("IEDU_EPARSE", ParseError),
    -18: ("IEDU_EVERSION", VersionError),
}
STATUS_NAMES = {code: name for code, (name, _) in STATUS.items()}


def from_status(code, message, **details):
    """The exception for a status code (Error for one the binding does
    not know)."""
    cls = STATUS.get(code, (None, Error))[1]
    return cls(message, code=code, **details)

"""Exceptions raised by the index package.

Every message says what went wrong and what to run next; the CLIs print the
message as one line and exit 1, the UI turns it into a friendly sentence.
"""


class NewsQAError(Exception):
    """Base class for every error a user can act on."""


class CorpusError(NewsQAError):
    """The corpus directory is missing or holds no usable article."""


class IndexNotFoundError(NewsQAError):
    """No index at the given path."""


class IndexFormatError(NewsQAError):
    """The index exists but cannot be read (corrupt, truncated, other version)."""


class StaleIndexError(NewsQAError):
    """The corpus changed since the index was built."""


class ModelMismatchError(NewsQAError):
    """The index was built with another embedding model than the one asked for."""


class ModelLoadError(NewsQAError):
    """The embedding model could not be loaded."""

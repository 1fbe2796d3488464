"""One exception root for every mistake a user can make or meet.

The CLI turns any ``CitegraphError`` into ``Error: <message>`` on stderr and
exit status 1; everything else is a bug and keeps its traceback.
"""


class CitegraphError(Exception):
    """Root of every error citegraph reports to a user."""


class InputError(CitegraphError):
    """A file or value given by the user cannot be read or understood."""


class QueryError(CitegraphError):
    """A Cypher query is unknown, malformed, not read-only or failed."""


class StoreError(CitegraphError):
    """The graph store cannot be opened, written or read."""

"""Every error kg raises on purpose, and the exit codes the CLI turns them into.

    KgError                 anything kg reports to the user (exit 1)
    ├── LexiconError        a row of a lexicon TSV that breaks the lexicon's rules
    ├── OutputError         the output folder cannot be written
    ├── store.QueryError    a SPARQL query that cannot be parsed or run, or a bad parameter
    └── push.PushError      a triplestore that refuses or cannot be reached

A bad input file is not an error: it is skipped, with its reason in report.json.

Messages name the file (and line) and say what to do about it.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SOME_SKIPPED = 3  # the build finished, but some inputs were skipped (see report.json)


class KgError(Exception):
    """Base class: the message is shown to the user as "Error: <message>"."""


class LexiconError(KgError):
    pass


class OutputError(KgError):
    pass

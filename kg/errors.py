"""Every error kg raises on purpose, and the exit codes the CLI turns them into.

    KgError                 anything kg reports to the user (exit 1)
    ├── InputError          an article file or line that cannot be read as an article
    ├── LexiconError        a row of a lexicon TSV that breaks the lexicon's rules
    └── OutputError         the output folder cannot be written

Messages name the file (and line) and say what to do about it.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_SOME_SKIPPED = 3  # the build finished, but some inputs were skipped (see report.json)


class KgError(Exception):
    """Base class: the message is shown to the user as "Error: <message>"."""


class InputError(KgError):
    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class LexiconError(KgError):
    pass


class OutputError(KgError):
    pass

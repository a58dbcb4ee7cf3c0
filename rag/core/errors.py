"""Project exceptions: each carries a Chinese message that names the bad value and the fix."""

from __future__ import annotations


class RagError(ValueError):
    """Base class; ``str(err)`` is shown to the user as is."""


class InputError(RagError):
    """A file or argument the user gave cannot be used."""


class CorpusError(RagError):
    """The essay folder holds something that cannot be loaded."""


class SettingsError(RagError):
    """A setting (environment variable or flag) is unknown or has a bad value."""


class FeedbackError(RagError):
    """The feedback database cannot be used; the message says what to do."""

"""Errors the domain raises; the CLI and the API each map them to one answer, in one place."""


class TriageError(Exception):
    """Base class: a problem the user can act on (its message says how)."""


class ModelArtifactError(TriageError):
    """A model artifact is missing, tampered with, or built for other library versions."""


class InputFileError(TriageError):
    """An input file cannot be read as a whole (wrong format, no header, missing column)."""


class DataFileError(TriageError):
    """A data file the desk or the training reads (responses/*.toml, the data tables) is malformed
    or breaks a rule: the message names the file, the entry and the problem."""


class TrainingDataError(TriageError):
    """The training data cannot fit a model as asked (a label without rows, an unknown licence)."""


class LiveError(TriageError):
    """A connection or platform call the live desk cannot make as asked (its message says why)."""

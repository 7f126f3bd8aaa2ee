"""Reading and writing notebook files for scripts/nbrun.py.

Reading says in one line what is wrong with a file that is not a runnable
notebook (missing, empty, not JSON, cut off, JSON of another kind, another
nbformat), so the runner can report it and go on with the next notebook.
Writing replaces a file atomically: an interrupted run never leaves a
half-written notebook behind.
"""
import json
import os
import stat
import tempfile

import nbformat
from nbformat import ValidationError


class NotebookFileError(Exception):
    """A file that cannot be run as a notebook; the message is one line, without the path."""


def _json_kind(value):
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return "the literal %s" % json.dumps(value)
    return "a number"


def read_notebook(path):
    """The notebook at `path` (an nbformat 4 NotebookNode); raises NotebookFileError."""
    if not os.path.exists(path):
        raise NotebookFileError("no such file")
    if os.path.isdir(path):
        raise NotebookFileError("a folder, expected a notebook file")
    with open(path, "rb") as f:
        data = f.read()
    if not data.strip():
        raise NotebookFileError("empty file, expected a Jupyter notebook (JSON)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise NotebookFileError("not a JSON file (not UTF-8 text: byte 0x%02x at offset %d)" % (data[e.start], e.start)) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        # An error at the very end, or a string still open there, means the
        # text stopped in the middle of a value: a cut-off copy or download.
        if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):
            lines = text.count("\n") + (0 if text.endswith("\n") else 1)
            raise NotebookFileError("truncated: the JSON stops in the middle of a value (%d lines); was the file cut off?" % lines) from None
        raise NotebookFileError("not a JSON file (line %d, column %d: %s), expected a Jupyter notebook" % (e.lineno, e.colno, e.msg)) from None
    if not isinstance(value, dict):
        raise NotebookFileError('not a notebook: the JSON is %s, expected an object with "cells"' % _json_kind(value))
    if not isinstance(value.get("cells"), list):
        raise NotebookFileError('not a notebook: a JSON object without a "cells" list')
    version = value.get("nbformat")
    if version != 4:
        raise NotebookFileError("nbformat %s, expected a version 4 notebook (open and save it in Jupyter to convert it)" % json.dumps(version))
    # nbformat.reads, as Jupyter reads it (the notebook comes back byte for
    # byte when written unchanged); it only logs validation errors, so
    # validate here to say what is wrong.
    nb = nbformat.reads(text, as_version=4, capture_validation_error={})
    try:
        nbformat.validate(nb)
    except ValidationError as e:
        raise NotebookFileError("not a valid notebook: %s" % str(e.message).splitlines()[0]) from None
    return nb


def write_notebook(nb, path):
    """Writes `nb` to `path` through a temporary file in the same folder, then renames it."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise

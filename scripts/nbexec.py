"""One notebook's execution for scripts/nbrun.py: nbclient with the kernel,
the per-cell time limit, the kernel's report of a failed cell as one line,
and the record of the course data the run used (``DNNLAB_DATA_LOG``, written
by the library: lib/io/dataPaths.ts).
"""
import json
import os
import re

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

RAISES = "raises-exception"
MESSAGE_LIMIT = 300

# Node prints a thrown error's location first ("evalmachine.<anonymous>:3",
# the source line, a line of carets, a blank line), then the error's own text.
NODE_CONTEXT = re.compile(r"\A(?:.*\n)*?evalmachine\.<anonymous>:\d+\n.*\n *\^+ *\n\n")


def one_line(text, limit=MESSAGE_LIMIT):
    """`text`'s non-empty lines joined by "; ", at most `limit` characters."""
    line = "; ".join(l.strip() for l in text.splitlines() if l.strip())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def kernel_message(cell, reply_content):
    """What the kernel said about a failed cell, as one line."""
    ename = reply_content.get("ename") or ""
    evalue = reply_content.get("evalue") or ""
    if ename or evalue:
        return one_line("%s: %s" % (ename, evalue))
    # tslab reports errors with empty ename/evalue and prints them to stderr:
    # the compiler's diagnostics, or the error and its stack.
    stderr = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr")
    stderr = NODE_CONTEXT.sub("", stderr)
    keep = []
    for line in stderr.splitlines():
        if line.lstrip().startswith("at "):
            break
        keep.append(line)
    return one_line("\n".join(keep)) or "(the kernel reported an error without a message)"


def first_line(cell):
    return one_line((cell.source.splitlines() or [""])[0], 60)


def data_choices(log_path):
    """{file: "course" | "stand-in"} from the library's log; a file seen both ways counts as stand-in."""
    choices = {}
    try:
        with open(log_path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return choices
    for line in lines:
        record = json.loads(line)
        if choices.get(record["file"]) != "stand-in":
            choices[record["file"]] = record["used"]
    return dict(sorted(choices.items()))


def set_data_record(nb, choices):
    """Stores the run's data choices as metadata.dnnlab.data (removed when the run loaded none)."""
    dnnlab = nb.metadata.get("dnnlab")
    if choices:
        if dnnlab is None:
            nb.metadata["dnnlab"] = dnnlab = {}
        dnnlab["data"] = choices
    elif dnnlab is not None and "data" in dnnlab:
        del dnnlab["data"]
        if not dnnlab:
            del nb.metadata["dnnlab"]


class StopNotebook(Exception):
    pass


class Run:
    """One notebook's execution; `problem` is None or the one-line reason it failed."""

    def __init__(self, path, nb, timeout, kernel, log_path):
        self.path = path
        self.nb = nb
        self.problem = None
        self.current = None
        self.log_path = log_path
        self.timeout = timeout
        self.client = NotebookClient(
            nb,
            # nbclient's `timeout` is an integer; timeout_func takes any number.
            timeout_func=lambda cell: timeout,
            kernel_name=kernel,
            allow_errors=True,
            record_timing=False,
            # The outputs are all in when the last cell replied: nothing is
            # lost by ending the kernel at once, and a kernel stuck in a loop
            # would not answer a polite request anyway.
            shutdown_kernel="immediate",
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
            on_cell_start=self.on_cell_start,
            on_cell_executed=self.on_cell_executed,
        )

    def where(self, index, cell):
        return "cell %d (%s)" % (index, first_line(cell))

    def on_cell_start(self, cell, cell_index):
        self.current = (cell_index, cell)

    def on_cell_executed(self, cell, cell_index, execute_reply):
        content = execute_reply.get("content", {}) if execute_reply else {}
        failed = content.get("status") == "error"
        expected = RAISES in cell.get("metadata", {}).get("tags", [])
        if failed and not expected:
            self.problem = "%s: %s" % (self.where(cell_index, cell), kernel_message(cell, content))
            raise StopNotebook()
        if expected and not failed:
            self.problem = "%s is tagged %s but did not raise" % (self.where(cell_index, cell), RAISES)
            raise StopNotebook()

    async def execute(self):
        env = dict(os.environ, DNNLAB_DATA_LOG=self.log_path)
        try:
            await self.client.async_execute(env=env)
        except StopNotebook:
            pass
        except CellTimeoutError:
            index, cell = self.current
            self.problem = "%s did not finish within the %s s limit (--timeout); its kernel was stopped" % (
                self.where(index, cell),
                format_seconds(self.timeout),
            )
        except DeadKernelError:
            during = " during %s" % self.where(*self.current) if self.current else ""
            self.problem = "the kernel died%s" % during
        except Exception as exc:  # the kernel did not start, or nbclient gave up
            during = " (at %s)" % self.where(*self.current) if self.current else ""
            self.problem = "%s%s: %s" % (type(exc).__name__, during, one_line(str(exc)) or "(no message)")
        return self.problem is None


def format_seconds(s):
    return ("%g" % s) if s < 100 else "%d" % round(s)

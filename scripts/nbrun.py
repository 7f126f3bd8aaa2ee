"""Execute Jupyter notebooks with their kernel (tslab) through nbclient.

Used by scripts/run-notebooks.mjs (``npm run notebooks``) and by the notebook
tests. Run with Debian's /usr/bin/python3, which has nbclient and nbformat.

    nbrun.py --in-place NB...       execute and save outputs into each notebook
    nbrun.py --out-dir DIR NB...    execute and write the results to DIR/<name>

Options: --timeout S (seconds per cell, default 600), --force (see below),
--kernel NAME (for notebooks whose metadata names no kernel; default tslab),
--failed-dir DIR (default build/failed), --executed-dir DIR (default
build/executed).

Every notebook gets one line: how it ran, or what is wrong with it (not a
notebook file, a kernel that is not installed, the cell that failed or timed
out, with its first line and the kernel's message). Cells are numbered from 0
in the order of the file, as scripts/nbcompare.mjs numbers them. A bad
notebook does not stop the others; the last line sums up. A cell that fails
stops its notebook; cells meant to fail carry the tag ``raises-exception``,
and such a cell that does *not* fail is an error too. A notebook that failed
is never written over: the partial result goes to the --failed-dir.

Course data. The kernel gets ``DNNLAB_DATA_LOG``, a file where the library
notes, for each course data file a loader looked for, whether it used the
course's file or a generated stand-in (lib/io/dataPaths.ts). The run's
choices go into the notebook's metadata as ``dnnlab.data`` (e.g.
``{"data.mat": "course"}``). With --in-place, a notebook whose saved outputs
came from a course file that this run had to replace by its stand-in is kept
as it is; the run's result goes to the --executed-dir instead, unless --force.

Exit status: 0 if every notebook ran, 1 if any failed, 2 on bad usage.
"""
import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from nbfiles import NotebookFileError, read_notebook, write_notebook

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


def rel(path):
    """`path` as the user reads it: relative to the working folder when inside it."""
    r = os.path.relpath(path)
    return path if r.startswith("..") else r


class Runner:
    def __init__(self, args):
        self.args = args
        self.counts = {"saved": 0, "written": 0, "kept": 0, "failed": 0}
        self.kernels = None

    def report(self, status, path, text):
        self.counts[status] += 1
        print("notebooks: %s %s" % (os.path.basename(path), text), flush=True)

    def installed_kernels(self):
        if self.kernels is None:
            self.kernels = sorted(KernelSpecManager().find_kernel_specs())
        return self.kernels

    async def run(self, path):
        name = os.path.basename(path)
        try:
            nb = read_notebook(path)
        except NotebookFileError as e:
            self.report("failed", path, "(%s): %s" % (rel(path), e))
            return
        kernel = (nb.metadata.get("kernelspec") or {}).get("name") or self.args.kernel
        if kernel not in self.installed_kernels():
            installed = ", ".join(self.installed_kernels()) or "none"
            self.report("failed", path, 'failed: its kernelspec names the kernel "%s", which is not installed (installed: %s)' % (kernel, installed))
            return
        saved_data = dict((nb.metadata.get("dnnlab") or {}).get("data") or {})
        fd, log_path = tempfile.mkstemp(prefix="dnnlab-data-", suffix=".jsonl")
        os.close(fd)
        start = time.monotonic()
        try:
            run = Run(path, nb, self.args.timeout, kernel, log_path)
            ok = await run.execute()
            choices = data_choices(log_path)
        finally:
            os.remove(log_path)
        took = "%.1f s" % (time.monotonic() - start)
        set_data_record(nb, choices)
        if not ok:
            target = os.path.join(self.args.failed_dir, name)
            write_notebook(nb, target)
            self.report("failed", path, "failed: %s (after %s; partial result in %s)" % (run.problem, took, rel(target)))
            return
        if not self.args.in_place:
            target = os.path.join(self.args.out_dir, name)
            write_notebook(nb, target)
            self.report("written", path, "ran in %s -> %s" % (took, rel(target)))
            return
        lost = [f for f, used in choices.items() if used == "stand-in" and saved_data.get(f) == "course"]
        stand_in = "on the stand-in for %s (course file%s not found)" % (", ".join(lost), "s" if len(lost) > 1 else "")
        if lost and not self.args.force:
            target = os.path.join(self.args.executed_dir, name)
            write_notebook(nb, target)
            self.report(
                "kept",
                path,
                "ran %s in %s; the saved course outputs are kept, this run's result is in %s (--force overwrites)" % (stand_in, took, rel(target)),
            )
            return
        write_notebook(nb, path)
        if lost:
            self.report("saved", path, "ran in %s %s and was saved over its course outputs (--force)" % (took, stand_in))
        else:
            self.report("saved", path, "ran in %s, saved" % took)

    async def run_all(self):
        for path in self.args.notebooks:
            await self.run(path)

    def summary(self, seconds):
        parts = ["%d %s" % (n, status) for status, n in self.counts.items() if n or status == "failed"]
        total = sum(self.counts.values())
        return "notebooks: %d notebook%s in %.1f s: %s" % (total, "" if total == 1 else "s", seconds, ", ".join(parts))


def positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError('expected a positive number of seconds, got "%s"' % text)
    return value


class Parser(argparse.ArgumentParser):
    def error(self, message):
        print("nbrun: %s (see --help)" % message, file=sys.stderr)
        sys.exit(2)


def main(argv=None):
    ap = Parser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--in-place", action="store_true")
    mode.add_argument("--out-dir")
    ap.add_argument("--timeout", type=positive_seconds, default=600, help="seconds per cell")
    ap.add_argument("--force", action="store_true", help="save stand-in runs over saved course outputs")
    ap.add_argument("--kernel", default="tslab", help="for notebooks whose metadata names none")
    ap.add_argument("--failed-dir", default=os.path.join("build", "failed"))
    ap.add_argument("--executed-dir", default=os.path.join("build", "executed"))
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args(argv)

    start = time.monotonic()
    runner = Runner(args)
    asyncio.run(runner.run_all())
    print(runner.summary(time.monotonic() - start), flush=True)
    return 1 if runner.counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())

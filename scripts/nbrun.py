"""Execute Jupyter notebooks with their kernel (tslab) through nbclient.

Used by scripts/run-notebooks.mjs (``npm run notebooks``) and by the notebook
tests. Run with Debian's /usr/bin/python3, which has nbclient and nbformat.

    nbrun.py --in-place NB...       execute and save outputs into each notebook
    nbrun.py --out-dir DIR NB...    execute and write the results to DIR/<name>

Options: --timeout S (seconds per cell, default 600), --force (see below),
--jobs N (notebooks run at the same time, each in its own kernel; default 1),
--times FILE (a JSON file of each notebook's last duration: the longest
start first, so that the last one to finish is a short one; updated after the
run), --kernel NAME (for notebooks whose metadata names no kernel; default
tslab), --failed-dir DIR (default build/failed), --executed-dir DIR (default
build/executed).

After a first line saying what will run, every notebook gets one line when it
ends: how it ran, or what is wrong with it (not a notebook file, a kernel that
is not installed, the cell that failed or timed out, with its first line and
the kernel's message; cells are numbered from 0 in the order of the file, as
scripts/nbcompare.mjs numbers them). A bad notebook does not stop the others;
the last line sums up. A cell that fails
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
import signal
import sys
import tempfile
import time

from jupyter_client.kernelspec import KernelSpecManager

from nbexec import Run, data_choices, format_seconds, set_data_record
from nbfiles import NotebookFileError, read_notebook, write_notebook

def read_times(path):
    """{notebook path: seconds} from the --times file; empty when it is missing or unreadable (it is only a hint)."""
    try:
        with open(path, encoding="utf-8") as f:
            times = json.load(f)
    except (OSError, ValueError):
        return {}
    if not isinstance(times, dict):
        return {}
    return {k: v for k, v in times.items() if isinstance(v, (int, float))}


def write_times(path, times):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(dict(sorted(times.items())), f, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def rel(path):
    """`path` as the user reads it: relative to the working folder when inside it."""
    r = os.path.relpath(path)
    return path if r.startswith("..") else r


class Runner:
    def __init__(self, args):
        self.args = args
        self.counts = {"saved": 0, "written": 0, "kept": 0, "failed": 0}
        self.kernels = None
        self.durations = {}
        self.interrupted = None
        self.task = None

    def cancel(self):
        if self.task is not None:
            self.task.cancel()

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
        if self.interrupted:
            return  # nbclient reports the cancelled cell as a dead kernel: not this notebook's fault, and nothing to write
        seconds = time.monotonic() - start
        took = "%.1f s" % seconds
        set_data_record(nb, choices)
        if ok:
            self.durations[os.path.relpath(path)] = round(seconds, 1)
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
        self.task = asyncio.current_task()
        times = read_times(self.args.times) if self.args.times else {}
        # Longest first (unknown ones count as longest): with N at a time, the
        # run then ends about when its longest notebook or the rest, shared
        # out, are done, not with a long one started last.
        paths = sorted(self.args.notebooks, key=lambda p: -times.get(os.path.relpath(p), float("inf")))
        jobs = min(self.args.jobs, len(paths))
        print(
            "notebooks: running %d notebook%s, %d at a time (a cell may run %s s)"
            % (len(paths), "" if len(paths) == 1 else "s", jobs, format_seconds(self.args.timeout)),
            flush=True,
        )
        slots = asyncio.Semaphore(jobs)

        async def one(path):
            async with slots:
                await self.run(path)

        tasks = [asyncio.ensure_future(one(p)) for p in paths]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            # Interrupted (gather has cancelled each task): let every notebook
            # finish shutting its kernel down before the loop closes.
            await asyncio.wait(tasks)
            raise
        if self.args.times and self.durations:
            times.update(self.durations)
            write_times(self.args.times, times)

    def summary(self, seconds):
        parts = ["%d %s" % (n, status) for status, n in self.counts.items() if n or status == "failed"]
        total = sum(self.counts.values())
        return "notebooks: %d notebook%s in %.1f s: %s" % (total, "" if total == 1 else "s", seconds, ", ".join(parts))


class OwnSignalsLoop(asyncio.SelectorEventLoop):
    """An event loop on which nbclient cannot take over SIGINT and SIGTERM.

    nbclient registers, for each notebook, a handler that shuts down that
    notebook's kernel alone; with several notebooks at once the last one
    registered would win, and an interrupted run would go on with the others.
    Refused (nbclient then does without), the signals stay with the runner,
    which cancels the whole run.
    """

    def add_signal_handler(self, sig, callback, *args):
        raise RuntimeError("the notebook runner handles signals itself")

    def remove_signal_handler(self, sig):
        return False


def positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError('expected a positive number of seconds, got "%s"' % text)
    return value


def positive_int(text):
    if not re.fullmatch(r"[1-9][0-9]*", text.strip()):
        raise argparse.ArgumentTypeError('expected a positive whole number, got "%s"' % text)
    return int(text)


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
    ap.add_argument("--jobs", type=positive_int, default=1, help="notebooks run at the same time")
    ap.add_argument("--times", help="JSON file of the notebooks' last durations (read, then updated)")
    ap.add_argument("--kernel", default="tslab", help="for notebooks whose metadata names none")
    ap.add_argument("--failed-dir", default=os.path.join("build", "failed"))
    ap.add_argument("--executed-dir", default=os.path.join("build", "executed"))
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args(argv)

    start = time.monotonic()
    runner = Runner(args)
    with asyncio.Runner(loop_factory=OwnSignalsLoop) as loop:
        # Ctrl-C (SIGINT) or SIGTERM cancels the run: each running notebook's
        # kernel is shut down as its task unwinds, and nothing unfinished is
        # written. Further signals wait for that (it takes a moment).
        def interrupt(signum, _frame):
            if runner.interrupted is None:
                runner.interrupted = signal.Signals(signum).name
                loop.get_loop().call_soon_threadsafe(runner.cancel)

        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, interrupt)
        try:
            loop.run(runner.run_all())
        except asyncio.CancelledError:
            pass
    if runner.interrupted:
        print("notebooks: interrupted (%s): the running notebooks' kernels were stopped, their files left as they were" % runner.interrupted, flush=True)
        print(runner.summary(time.monotonic() - start), flush=True)
        return 130
    print(runner.summary(time.monotonic() - start), flush=True)
    return 1 if runner.counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())

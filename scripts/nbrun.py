"""Execute Jupyter notebooks with the tslab kernel through nbclient.

Used by scripts/run-notebooks.mjs (``npm run notebooks``) and by the notebook
tests. Run with Debian's /usr/bin/python3, which has nbclient and nbformat.

    nbrun.py --in-place NB...       execute and save outputs into each notebook
    nbrun.py --out-dir DIR NB...    execute and write the results to DIR/<name>

A cell that fails stops its notebook; the report names the notebook, the cell
(its index and first line) and the message the kernel printed. Cells that are
meant to fail carry the tag ``raises-exception``; such a cell that does *not*
fail is reported as an error too. With --in-place a notebook that failed is
not overwritten: the partial result goes to build/failed/<name> instead.

Exit status: 0 if every notebook ran clean, 1 otherwise, 2 on bad usage.
"""
import argparse
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

RAISES = "raises-exception"


def cell_text(cell):
    """The text a cell wrote to stdout/stderr, plus any error output."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append("%s: %s" % (out.get("ename", ""), out.get("evalue", "")))
    return "".join(parts)


def error_message(cell, reply_content):
    """The most precise message available for a failed cell."""
    ename = reply_content.get("ename") or ""
    evalue = reply_content.get("evalue") or ""
    if ename or evalue:
        return "%s: %s" % (ename, evalue)
    # tslab reports errors with empty ename/evalue and prints the stack to
    # stderr: keep the lines up to the first stack frame.
    stderr = "".join(o.get("text", "") for o in cell.get("outputs", [])
                     if o.get("output_type") == "stream" and o.get("name") == "stderr")
    lines = [l for l in stderr.splitlines() if l.strip()]
    keep = []
    for line in lines:
        if line.lstrip().startswith("at "):
            break
        keep.append(line)
    return "\n".join(keep[-6:]) or "(the kernel reported an error without a message)"


class Run:
    def __init__(self, path, timeout, kernel):
        self.path = path
        self.nb = nbformat.read(path, as_version=4)
        self.problems = []
        self.statuses = {}
        self.client = NotebookClient(
            self.nb,
            timeout=timeout,
            kernel_name=kernel,
            allow_errors=True,
            record_timing=False,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
            on_cell_executed=self.on_cell_executed,
        )

    def on_cell_executed(self, cell, cell_index, execute_reply):
        content = execute_reply.get("content", {}) if execute_reply else {}
        failed = content.get("status") == "error"
        expected = RAISES in cell.get("metadata", {}).get("tags", [])
        first = (cell.source.splitlines() or [""])[0][:80]
        where = "%s, cell %d (%s)" % (self.path, cell_index, first)
        if failed and not expected:
            self.problems.append("%s failed:\n    %s" % (
                where, error_message(cell, content).replace("\n", "\n    ")))
            raise StopNotebook()
        if expected and not failed:
            self.problems.append("%s is tagged %s but did not raise" % (where, RAISES))
            raise StopNotebook()

    def execute(self):
        try:
            self.client.execute()
        except StopNotebook:
            pass
        except Exception as exc:  # kernel died, timeout, ...
            if not self.problems:
                self.problems.append("%s: %s: %s" % (self.path, type(exc).__name__, exc))
        return not self.problems


class StopNotebook(Exception):
    pass


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--in-place", action="store_true")
    mode.add_argument("--out-dir")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("--failed-dir", default=os.path.join("build", "failed"))
    ap.add_argument("notebooks", nargs="+")
    args = ap.parse_args(argv)

    ok = True
    for path in args.notebooks:
        if not os.path.isfile(path):
            print("nbrun: no such notebook: %s" % path, file=sys.stderr)
            ok = False
            continue
        start = time.monotonic()
        run = Run(path, args.timeout, args.kernel)
        clean = run.execute()
        took = time.monotonic() - start
        name = os.path.basename(path)
        if clean and args.in_place:
            target = path
        elif clean:
            os.makedirs(args.out_dir, exist_ok=True)
            target = os.path.join(args.out_dir, name)
        else:
            os.makedirs(args.failed_dir, exist_ok=True)
            target = os.path.join(args.failed_dir, name)
        nbformat.write(run.nb, target)
        if clean:
            print("nbrun: ok     %s (%.1f s) -> %s" % (path, took, target))
        else:
            ok = False
            print("nbrun: FAILED %s (%.1f s); partial result in %s" % (path, took, target))
            for p in run.problems:
                print("  " + p)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

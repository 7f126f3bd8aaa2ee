"""Execute a notebook top to bottom through Jupyter, going on past failing cells.

Used by the exercise-notebook tests: an exercise notebook is *meant* to have
failing cells (its checkers, and the cells that call unfinished functions),
so scripts/nbrun.py, which stops at the first failure, does not fit. This
runner executes every cell with nbclient (allow_errors) and prints one JSON
document on stdout:

    {"notebook": PATH, "cells": [{"index": I, "first_line": "...", "status": "ok" | "error" | "abort",
                                   "text": "stdout+stderr+error of the cell"}]}

Nothing is written to disk. Run with a python that has nbclient (Debian's
/usr/bin/python3 with python3-nbclient).

    nbcells.py [--timeout SECONDS] [--kernel tslab] NOTEBOOK
"""
import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def cell_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append("%s: %s\n%s" % (out.get("ename", ""), out.get("evalue", ""), "\n".join(out.get("traceback", []))))
    return "".join(parts)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("notebook")
    args = ap.parse_args(argv)

    nb = nbformat.read(args.notebook, as_version=4)
    statuses = {}

    def on_cell_executed(cell, cell_index, execute_reply):
        content = execute_reply.get("content", {}) if execute_reply else {}
        status = content.get("status", "ok")
        statuses[cell_index] = status if status in ("ok", "error", "abort") else "ok"
        if status == "error":
            # tslab aborts the requests that reach it within 200 ms of a
            # failed cell (its queue reset): give it time before the next cell.
            time.sleep(0.5)

    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name=args.kernel,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        on_cell_executed=on_cell_executed,
    )
    client.execute()
    cells = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cells.append({
            "index": i,
            "first_line": (cell.source.splitlines() or [""])[0][:120],
            "status": statuses.get(i, "not run"),
            "text": cell_text(cell),
        })
    json.dump({"notebook": args.notebook, "cells": cells}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

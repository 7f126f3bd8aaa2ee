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
import asyncio
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

# tslab drops ("abort"s) the requests that reach it within 200 ms of a failed
# cell (its queue reset), later if it is slow to get to its timer. Such a
# request never ran: it is sent again, every RETRY_SECONDS, for at most
# ABORT_PATIENCE seconds, rather than waiting a fixed time after each failed
# cell (which cost the exercise tests half a second per failing cell).
RETRY_SECONDS = 0.05
ABORT_PATIENCE = 20


class RetryingClient(NotebookClient):
    """nbclient's client, sending a cell again while tslab reports it aborted."""

    statuses = None  # {cell index: the status of its last reply}

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        deadline = time.monotonic() + ABORT_PATIENCE
        while True:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            if self.statuses.get(cell_index) != "abort" or time.monotonic() > deadline:
                return cell
            await asyncio.sleep(RETRY_SECONDS)


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

    client = RetryingClient(
        nb,
        timeout=args.timeout,
        kernel_name=args.kernel,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
        on_cell_executed=on_cell_executed,
    )
    client.statuses = statuses
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

"""Executes a notebook with Debian's nbclient in the imagenot-ts kernel, as `jupyter execute` would.

usage: kernel_nbclient_run.py IN.ipynb OUT.ipynb ALLOW_ERRORS(0|1) [CELL_TIMEOUT_SECONDS, default 120]; prints {"error": null | "<ename>"} as JSON.
"""
import json
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

src, dst, allow_errors = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
timeout = int(sys.argv[4]) if len(sys.argv) > 4 else 120
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name="imagenot-ts", allow_errors=allow_errors, timeout=timeout,
                        resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
error = None
try:
    client.execute()
except CellExecutionError as e:
    error = e.ename
nbformat.write(nb, dst)
print(json.dumps({"error": error}))

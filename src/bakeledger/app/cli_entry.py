"""The `bakeledger` executable's entry point: loading the CLI takes a moment, and Ctrl-C during it
must end like any other interrupt (exit 130, one line), not with a traceback."""

from __future__ import annotations

import sys

INTERRUPTED = 130


def main() -> None:
    try:
        from bakeledger.app.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        sys.exit(INTERRUPTED)
    run()

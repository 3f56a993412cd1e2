"""`python -m bakeledger` runs the CLI."""

from bakeledger.app.cli import main

main()

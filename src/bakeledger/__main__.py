"""`python -m bakeledger` runs the CLI."""

from bakeledger.app.cli_entry import main

main()

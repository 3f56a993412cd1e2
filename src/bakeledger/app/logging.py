"""Logging setup for applications: the library logs nothing until an app enables it here."""

from __future__ import annotations

import sys

from loguru import logger

HUMAN_FORMAT = "<dim>{time:HH:mm:ss}</dim> <level>{level: <7}</level> {message} <dim>{extra}</dim>"


def configure(*, json_lines: bool = False, level: str = "WARNING") -> None:
    """Send bakeledger's records to stderr: human-readable, or one JSON object per line."""
    logger.remove()
    if json_lines:
        logger.add(sys.stderr, level=level, serialize=True)
    else:
        logger.add(sys.stderr, level=level, format=HUMAN_FORMAT, colorize=None)
    logger.enable("bakeledger")

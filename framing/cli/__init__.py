"""The ``framing`` command.  Each subcommand group lives in its own module here."""

from framing.cli.main import main

__all__ = ["main"]

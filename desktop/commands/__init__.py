"""Handlers of the `ogi` subcommands; desktop.cli parses, these modules act. Each exposes run(args) -> int."""

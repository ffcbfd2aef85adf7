"""Use cases without Qt: each one function that both the `ogi` command and the window call.

A use case takes the register (and plain arguments), does the work through `desktop.store` and
`desktop.reports`, and returns a result object; the window runs it on its worker
(`desktop.ui.ops`), the CLI calls it directly. Long ones take a `Progress` (progress.py) to report
how far they are and to stop when the clerk cancels.
"""

"""Qt widgets only. No business rule lives here: it asks desktop.store and desktop.domain."""

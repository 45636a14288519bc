"""Pure rules and arithmetic: no database, no I/O, no clock, nothing of ours outside domain."""

"""The labtracker desktop app (PySide6). Talks to `labtracker.services` only."""

"""The Qt binding itself: PySide6 6.12.0 lost a reference to True on every signal emitted
from Python, and the app aborted ("bool_dealloc") after a few thousand scans, progress
reports or page changes. Run in a child process, so a regression fails this test instead of
killing the test run."""

from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

app = QCoreApplication([])

class Source(QObject):
    changed = Signal(int)
    text = Signal(str)

source = Source()
source.changed.connect(lambda value: None)
source.text.connect(lambda value: None)
before = sys.getrefcount(True)
for number in range(20_000):
    source.changed.emit(number)
    source.text.emit("scan")
print(before - sys.getrefcount(True))
"""


def test_emitting_signals_leaks_no_references_and_never_aborts():
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip())) < 10

"""Service tests use the lab fixtures of tests/support/lab.py (loaded by tests/conftest.py)."""

from tests.support.lab import ADMIN_PASSWORD, PASSWORD, Lab, enrol

__all__ = ["ADMIN_PASSWORD", "PASSWORD", "Lab", "enrol"]

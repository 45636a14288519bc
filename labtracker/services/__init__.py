"""Use cases: each opens a transaction, checks the rules, writes, and returns a frozen result."""

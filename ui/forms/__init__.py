"""Step forms: one dialog per service action."""

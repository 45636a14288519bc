"""Qt item models for the tables and trees of the screens."""

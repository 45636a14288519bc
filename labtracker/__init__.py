"""labtracker: chain of identity and batch records for autologous tissue-engineered bone."""

__version__ = "0.1.0"

"""locatieplanner: planning van sociale huurwoningen (DAEB) per locatie in een woningmarktregio."""

__version__ = "0.1.0"

__all__ = ["__version__"]

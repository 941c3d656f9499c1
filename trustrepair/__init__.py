"""trustrepair: private, structured exercises for rebuilding trust after it was broken."""

__version__ = "0.1.0"

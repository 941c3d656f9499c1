"""One view per screen, each receiving its services."""

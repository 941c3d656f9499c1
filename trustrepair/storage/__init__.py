"""All SQL lives here: opening vault databases, migrations and repositories."""

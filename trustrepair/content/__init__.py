"""Exercise content: YAML files -> validated domain objects, with file:line:col errors."""

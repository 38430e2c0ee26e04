"""Tables of `operations`: fields, constraints, indexes; no business logic."""

"""Tables of `asylum`: fields, constraints, indexes; no business logic."""

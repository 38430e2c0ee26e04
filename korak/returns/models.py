"""Tables of `returns`: fields, constraints, indexes; no business logic."""

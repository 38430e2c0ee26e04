"""Tables of `identity`: fields, constraints, indexes; no business logic."""

"""Tables of `programme`: fields, constraints, indexes; no business logic."""

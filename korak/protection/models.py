"""Tables of `protection`: fields, constraints, indexes; no business logic."""

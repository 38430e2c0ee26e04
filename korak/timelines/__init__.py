"""Legal timelines: deadline rules as data per jurisdiction and law version, and a pure engine
that computes and explains each deadline. Nothing here imports a case app (DESIGN.md §2)."""

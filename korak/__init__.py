"""Korak: one country's node for migration, asylum and return case management."""

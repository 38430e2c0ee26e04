"""Return decisions, voluntary departure, identification, travel documents, readmission and detention."""

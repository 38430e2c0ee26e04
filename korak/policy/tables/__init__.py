"""One permission table per app, merged into one dict in korak.policy.permissions."""

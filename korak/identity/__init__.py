"""Name normalisation, online candidates, batch deduplication and privacy-preserving linkage."""

"""Batch linkage of person lists: blocking, comparisons, Fellegi-Sunter scoring, clustering.

The operating thresholds live here, light to import, because the `korak` command builds its
parser (and its help texts) on every call."""

# On the match probability, chosen on FEBRL4 and a synth link pair (pairwise F1 .966 and .946
# there); the lead's private pair was not used.
LINK_THRESHOLD = 0.7
# On the match probability of two nodes' encodings (korak.identity.pprl: the plain engine's model
# on Bloom-filter agreement levels), the plain threshold so that both operate alike; figures from
# `korak identity bench-pprl`.
PPRL_THRESHOLD = 0.7
# Registry deduplication queues pairs for review from this match probability up.
REVIEW_THRESHOLD = 0.3

"""Batch linkage of person lists: blocking, comparisons, Fellegi-Sunter scoring, clustering.

The operating thresholds live here, light to import, because the `korak` command builds its
parser (and its help texts) on every call."""

# On the match probability, chosen on FEBRL4 and a synth link pair (pairwise F1 .966 and .946
# there); the lead's private pair was not used.
LINK_THRESHOLD = 0.7
# On the combined Dice score of two CLK encodings (see korak.identity.pprl), chosen on FEBRL4 and
# a synth link pair: pairwise F1 .932 and .84 there (plain-text linkage: .966 and .97).
PPRL_THRESHOLD = 0.82
# Registry deduplication queues pairs for review from this match probability up.
REVIEW_THRESHOLD = 0.3

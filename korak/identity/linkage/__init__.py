"""Batch linkage of person lists: blocking, comparisons, Fellegi-Sunter scoring, clustering.

The operating thresholds live here, light to import, because the `korak` command builds its
parser (and its help texts) on every call."""

# On the match probability. The prior is fitted to each run's candidates (see
# linkage.model.calibrate_prior), so one threshold serves small lists and 1M registries: at 0.7
# pairwise F1 is within .002 of the best threshold's on synth 10k and 100k and the 6k + 6k synth
# link pair, .010 on FEBRL4 (names + DOB). Neither the lead's private pair nor the holdout pair
# (linkage.holdout) was used to choose it.
LINK_THRESHOLD = 0.7
# On the match probability of two nodes' encodings (korak.identity.pprl: the plain engine's model
# on Bloom-filter agreement levels), the plain threshold so that both operate alike; figures from
# `korak identity bench-pprl`.
PPRL_THRESHOLD = 0.7
# Registry deduplication queues pairs for review from this match probability up.
REVIEW_THRESHOLD = 0.3

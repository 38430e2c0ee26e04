"""Batch linkage of person lists: blocking, comparisons, Fellegi-Sunter scoring, clustering.

The operating thresholds live here, light to import, because the `korak` command builds its
parser (and its help texts) on every call."""

# On the match probability. The prior is fitted to each run's candidates (see
# linkage.model.calibrate_prior), so one threshold serves small lists and 1M registries: at 0.7
# pairwise F1 is within .002 of the best threshold's on synth 10k and 100k and the 6k + 6k synth
# link pair, .010 on FEBRL4 (names + DOB). Neither the lead's private pair nor the holdout pair
# (linkage.holdout) was used to choose it.
LINK_THRESHOLD = 0.7
# `korak identity link` writes, by default, each record's best match on the other list: a pair
# whose probability reaches this and is the highest of both its records (ties kept). Linking
# two lists asks "which record there is this person?", one answer per person; the mutual-best
# rule removes the namesakes a pairwise cut lets through, so the cut can sit lower. Chosen as
# the best mean F1 of FEBRL4 (names + DOB) and the 6k + 6k synth link pair over 0.1-0.7
# (.9714 and .9792 here, against .9581 and .9736 pairwise at 0.7); the holdout pair
# (linkage.holdout), looked at after the choice, gives .8787 (pairwise at 0.7: .8211).
# `--all-pairs` writes every pair from LINK_THRESHOLD up instead.
BEST_MATCH_THRESHOLD = 0.3
# On the match probability of two nodes' encodings (korak.identity.pprl: the plain engine's model
# on Bloom-filter agreement levels), the plain threshold so that both operate alike; figures from
# `korak identity bench-pprl`.
PPRL_THRESHOLD = 0.7
# Registry deduplication queues pairs for review from this match probability up.
REVIEW_THRESHOLD = 0.3

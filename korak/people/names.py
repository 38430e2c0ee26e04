"""Names across scripts for the people registry: the Latin form shown beside a name as
written, its search tokens and their spelling-blind keys.

Korak has one implementation of these rules, korak.identity.normalise (pure, with a source
for every rule and variant): Serbian Cyrillic in Gaj's Latin, Macedonian Cyrillic in the
official Gj/Kj/Dz, Arabic script as ALA-LC consonants, the local folding (đ → dj, dž → dz,
č/ć → c, š → s, ž → z), and a key shared by the spellings of one name (its variant group in
korak/identity/data/name_variants.toml, else a consonant skeleton). This module names the
part of it that registration and search use, so that a search finds what identity matches."""

from korak.identity.normalise import fold, match_key, script_of, skeleton, to_latin, tokens

__all__ = ["fold", "match_key", "script_of", "skeleton", "to_latin", "tokens"]

"""Vulnerability screening, special procedural guarantees, consent-gated referrals."""

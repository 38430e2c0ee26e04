"""Activities, participants, attendance, assessments, certificates, indicators and the highlights report."""

"""Temporal stage: event dates resolved against the publication date, and quotes with speakers."""

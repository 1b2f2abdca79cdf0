"""Relationship assessments: how news says a relationship stands or moves."""

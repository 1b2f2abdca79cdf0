"""Actors stage: find actor mentions in a parsed document and resolve them to country + sector."""

from dyadwatch.actors.kb import ActorKB, KBEntry
from dyadwatch.actors.mentions import MentionFinder, MentionSpan

__all__ = ["ActorKB", "KBEntry", "MentionFinder", "MentionSpan"]

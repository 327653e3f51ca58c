"""Isnad: a claim-tracking knowledge graph built from Arabic news articles.

The data flows one way::

    corpus -> normalize -> extract -> rdf -> validate -> store -> server

>>> from kg import __version__
>>> isinstance(__version__, str)
True
"""

__version__ = "0.1.0"

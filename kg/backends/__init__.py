"""Stores other than the embedded pyoxigraph one (see :mod:`kg.backends.remote`)."""

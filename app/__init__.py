"""Vakka: an offline, encrypted client register for solo practitioners in Finland."""

__version__ = "0.1.0"

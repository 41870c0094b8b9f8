"""Clinics that brand the handouts: their settings files and printing for many at once."""

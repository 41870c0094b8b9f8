"""Printable handouts: which pages each prints, rendering to PDF, printing sets of them."""

"""Tests of the patient guide: hook functions, the built site, its search and its readability."""

"""The guide in several languages: one build per language, joined by links both ways."""

"""A clinic's settings file and its logo, checked: what a branded handout prints."""

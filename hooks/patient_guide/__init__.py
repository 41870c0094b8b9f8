"""The patient guide's build logic, called by the thin MkDocs hooks beside it and by build.py."""

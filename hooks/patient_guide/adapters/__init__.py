"""The MkDocs adapters: the hooks' events, and builds run through MkDocs; only they import it."""

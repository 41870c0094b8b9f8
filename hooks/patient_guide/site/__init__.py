"""The site as a whole: its settings, structured data, link previews and hosting files."""

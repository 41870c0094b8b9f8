"""Pages: strict reading, Jinja templating, citations, the timeline, accessibility fixes."""

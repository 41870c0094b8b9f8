"""The build command: options, a safe swap of the built folder, messages an author can act on."""

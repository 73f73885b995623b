"""Interactive explorers. Each function returns a ready-to-display ipywidgets container."""

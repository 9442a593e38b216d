"""Meeting a new server: the one welcome it ever gets."""

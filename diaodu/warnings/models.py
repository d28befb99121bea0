"""Models of the warnings app."""

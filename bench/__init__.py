"""The quality and scale benchmark: ``python -m bench``."""

"""Customer-service handbook generator."""

"""Koers."""

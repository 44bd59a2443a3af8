"""Composition root, settings, CLI and the platform adapters."""

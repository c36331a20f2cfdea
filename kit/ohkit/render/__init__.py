"""Renderers: they read an Assessment (model) and catalogue texts; they never recompute facts.

Keep this file free of imports: `ohkit --help` may import it."""

"""ohkit — occupational-health compliance kit for small and micro employers in China."""
__version__ = "0.1.0"

"""Test helpers: throwaway services and their fixtures (see ``fixtures.py``)."""

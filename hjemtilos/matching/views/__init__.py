"""Matching pages, one module per part (children, proposals, books, site-wide)."""

"""Question answering over the index: retrieval, answers with citations, CLI.

Importing this package does no work; build an ``Engine`` once and reuse it.
"""

"""Corpus loading, sentence segmentation, embedding and the FAISS index.

Importing this package does no work; heavy objects (model, analyzer, index)
are built by the functions that need them and passed around explicitly.
"""

"""The citegraph benchmark: a deterministic synthetic corpus and the figures measured on it.

Run ``python -m bench`` (see ``python -m bench --help``); results land in ``bench/results/``.
"""

"""The `korak` verbs of `identity`: registered into the command's parser by korak.cli."""

import argparse


def register(verbs: "argparse._SubParsersAction[argparse.ArgumentParser]",
             bench: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add this app's verbs to `korak` and its benchmarks to `korak bench`."""

"""Run the command line: ``python -m graph --help``."""

import sys

from graph.cli import main

if __name__ == "__main__":
    sys.exit(main())

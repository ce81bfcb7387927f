"""Run the command line: ``python -m graph --help``."""

import sys

from graph.cli import main

sys.exit(main())

"""``python -m mnist_demo ...``: see mnist_demo/cli.py."""

import sys

from .cli import main

sys.exit(main())

"""``python -m bot`` is the ``newsbot`` command."""

import sys

from bot.cli.launch import main

sys.exit(main())

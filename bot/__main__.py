"""``python -m bot`` is the ``newsbot`` command."""

import sys

from bot.launch import main

sys.exit(main())

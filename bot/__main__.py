"""python -m bot: the same as the crisisbot command."""

import sys

from bot.cli import main

sys.exit(main())

"""Moved to `assessments.planning.plan_context`; this name stays for code that imports it.

The old module name is the very same module object (so private names and monkeypatching
keep working for parallel branches), and the star import tells type checkers its names.
"""

import sys

from .planning import plan_context as _impl
from .planning.plan_context import *  # noqa: F403

sys.modules[__name__] = _impl

from .cli import main
from .runtime import tune_gc

tune_gc(freeze=True)  # after the imports: a batch of plans is one short process
raise SystemExit(main())

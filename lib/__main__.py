"""`python -m lib` runs the same CLI as the `juesuan` console script."""

from lib.cli import main

raise SystemExit(main())

from paritrana.cli import main

raise SystemExit(main())

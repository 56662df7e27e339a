from nghean_tui.cli import main

raise SystemExit(main())

import sys

from factcheck.cli.app import main

sys.exit(main())

import sys

from ohkit.web.build import main

sys.exit(main())

#!/usr/bin/env python
"""Django's manage.py; `podium` (installed by `make`) does the same."""

from podium.__main__ import main

if __name__ == "__main__":
    main()

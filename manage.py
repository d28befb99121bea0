#!/usr/bin/env python
from diaodu.cli import main

if __name__ == "__main__":
    main()

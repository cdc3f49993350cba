# sim build rules (fragment of the top-level Makefile)

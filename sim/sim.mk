# sim build rules (fragment of the top-level Makefile)
include sim/rtl.mk
include sim/model.mk

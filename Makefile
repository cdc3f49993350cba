# Top-level build. Each area keeps its rules in its own fragment (*.mk) and
# registers its test, lint and bench targets in the lists below.
# `make help` prints every target that carries a '## ' comment.

BUILD    := build
CC       ?= gcc
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS   ?= -O2 -g
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SETUP    := scripts/setup
# simulation models of the ECP5 block RAM and multiplier (Yosys ships them
# as black boxes): for RTL built with the primitives and for netlists
ECP5_MODELS := sim/gate/ecp5_cells.v
# scripts/run-test records each outcome here
export TEST_RESULTS := $(BUILD)/test-results

# Lists filled in by the fragments. TEST_FIRST names the long tests, which
# `make test` starts first so that they overlap the short ones.
TEST_TARGETS  :=
TEST_FIRST    :=
LINT_TARGETS  :=
BENCH_TARGETS :=
# make test runs this many test targets at once (each keeps its own log)
TEST_JOBS     ?= $(shell nproc 2>/dev/null || echo 1)

.DEFAULT_GOAL := help

include host/host.mk
include models/models.mk
include firmware/firmware.mk
include rtl/rtl.mk
include sim/sim.mk
include tests/tests.mk
include boards/boards.mk

.PHONY: help setup test lint bench clean info demo

help: ## list every target with one line each
	@grep -hE '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | sort -u | \
	  awk 'BEGIN{FS=":.*## "}{printf "  %-18s %s\n", $$1, $$2}'

setup: ## install missing tools and packages (Debian 12; prints the command when not root)
	@$(SETUP)

test: ## run the whole test suite (installs missing tools first)
	@$(SETUP)
	@rm -rf $(BUILD)/test-results
	@$(MAKE) --no-print-directory -k -j $(TEST_JOBS) \
	  $(TEST_FIRST) $(filter-out $(TEST_FIRST),$(TEST_TARGETS)); rc=$$?; \
	  scripts/test-summary $(BUILD)/test-results && exit $$rc

lint: ## every static check: C warnings, cppcheck, RTL lint and synthesis check
	@$(SETUP)
	@$(MAKE) --no-print-directory $(LINT_TARGETS)

bench: ## run all benchmarks and write build/bench.json
	@$(SETUP)
	@rm -rf $(BUILD)/bench && mkdir -p $(BUILD)/bench
	@$(MAKE) --no-print-directory $(BENCH_TARGETS)
	@python3 scripts/merge-bench $(BUILD)/bench $(BUILD)/bench.json
	@cat $(BUILD)/bench.json

clean: ## remove every build product
	rm -rf $(BUILD)

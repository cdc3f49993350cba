# Command-line behaviour of cnnacc info/eval/classify/layer: help, usage
# errors, bad input files, and results checked against independent values
# (fragment included at the end of tests/tests.mk).

CLI_TEST_MODEL ?= $(RUN_MODEL)
CLI_TEST_LAYER := tests/data/example-conv.layer
CLI_TEST_TMP   := $(BUILD)/cli-tmp

test-cli: $(CNNACC) ## cnnacc info/eval/classify/layer: help, exit codes, error messages, results
	@rm -rf $(CLI_TEST_TMP) && mkdir -p $(CLI_TEST_TMP)
	scripts/run-test cli python3 tests/cli/test_cli.py $(CNNACC) $(CLI_TEST_MODEL) \
	  $(FASHION_MNIST_DIR) $(CLI_TEST_LAYER) $(CLI_TEST_TMP)

TEST_TARGETS += test-cli
.PHONY: test-cli

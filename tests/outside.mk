# Outside check of the reference (fragment included from tests/tests.mk):
# the shipped model rebuilt as a TensorFlow Lite flatbuffer and run by
# LiteRT from PyPI, logits compared with `cnnacc eval --logits` on every
# test image. Pinned packages go into $(BUILD)/litert/venv.

OUTSIDE_PINS  := ai-edge-litert==2.3.0 flatbuffers==25.12.19 tflite==2.18.0 numpy==2.4.6
OUTSIDE_TMP   := $(BUILD)/tmp/test-outside
OUTSIDE_COUNT ?= 10000

test-outside: $(CNNACC) ## the reference against LiteRT's kernels on the shipped model, every test image
	@mkdir -p $(OUTSIDE_TMP)
	scripts/setup-pyenv $(BUILD)/litert/venv $(OUTSIDE_PINS) >/dev/null
	$(CNNACC) eval --model $(RUN_MODEL) --data $(FASHION_MNIST_DIR) --limit $(OUTSIDE_COUNT) \
	  --logits $(OUTSIDE_TMP)/logits.bin >/dev/null
	TF_CPP_MIN_LOG_LEVEL=2 scripts/run-test outside-litert $(BUILD)/litert/venv/bin/python \
	  tests/outside/litert_check.py $(RUN_MODEL) $(FASHION_MNIST_DIR) $(OUTSIDE_TMP)/logits.bin \
	  $(OUTSIDE_COUNT)

TEST_TARGETS += test-outside
.PHONY: test-outside

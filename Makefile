# ptdv — thin wrapper; the work is in meson.build and scripts/.
#   make run     install dependencies, build, create ./ptdv.db with the demo city if missing, run ptdv
#   make check   install test dependencies, build (normal and ASan+UBSan), run every test
BUILD ?= build
DB ?= ptdv.db

.PHONY: all deps build run check bench format clean

all: build

deps:
	scripts/deps.sh

build: deps
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) --buildtype=debugoptimized
	ninja -C $(BUILD)

run: build
	@[ -f $(DB) ] || ./$(BUILD)/ptdv demo --db $(DB)
	./$(BUILD)/ptdv report summary --db $(DB) --org TP-BN

check:
	scripts/check.sh

bench: build
	bench/import.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan

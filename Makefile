# ptdv — thin wrapper; the work is in meson.build and scripts/.
#   make run     install dependencies, build, create ./ptdv.db with the demo city if missing, serve it
#   make check   install test dependencies, build (normal and ASan+UBSan), run every test
#   make fuzz    fuzz every parser: the CSV and XLSX readers FUZZ_SECONDS (default 600) each,
#                the other targets half that each (scripts/fuzz.sh)
BUILD ?= build
DB ?= ptdv.db

FUZZ_SECONDS ?= 600

.PHONY: all deps build run check bench guide fuzz format clean

all: build

deps:
	scripts/deps.sh

build: deps
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) --buildtype=debugoptimized
	ninja -C $(BUILD)

run: build
	@[ -f $(DB) ] || ./$(BUILD)/ptdv demo --db $(DB)
	@echo "Mở http://127.0.0.1:8080 — đăng nhập: admin / demo-bac-ninh (dữ liệu mẫu). Dừng: Ctrl-C."
	./$(BUILD)/ptdv serve --db $(DB)

check:
	scripts/check.sh

bench: build
	bench/import.sh

fuzz:
	scripts/deps.sh --test
	scripts/fuzz.sh $(FUZZ_SECONDS)

guide: build
	scripts/deps.sh --test
	mkdir -p docs/img
	cd tests/e2e && PTDV_BIN=../../$(BUILD)/ptdv PTDV_GUIDE_IMG=../../docs/img node --test browser.test.mjs

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz

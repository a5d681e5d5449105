# A thin front for CMake. On a fresh Debian or Ubuntu machine:
#
#   make run       install what is missing, build, run the main program
#   make check     install what is missing, build, run every test
#   make coverage  build with gcov in build-coverage/, run every test, write
#                  an HTML report of src/ and print line and branch coverage
#   make bench     build in Release (build-bench/) and run the benchmark at
#                  N organisations (default 1000000; make bench N=20000);
#                  results in build-bench/bench/results.tsv
#
# Variables: BUILD (build directory, default build), BUILD_TYPE (default
# RelWithDebInfo), CMAKE_ARGS (extra arguments to cmake's configure step,
# e.g. CMAKE_ARGS=-DIEDU_SANITIZE=address,undefined), RUN_ARGS (arguments
# for the program make run runs).

# Every Debian package the build and the tests need, in one place.
DEB_PACKAGES = cmake make gcc g++ libc6-dev pkgconf libxml2-dev libicu-dev libcmocka-dev abigail-tools python3 python3-lxml python3-icu python3-pip python3-setuptools python3-wheel clang libclang-rt-dev valgrind

BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_ARGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# The main job: the summary of the bundled dataset of the source reports.
RUN_PROGRAM = $(BUILD)/examples/iedu
RUN_ARGS ?= summary

# The benchmark (docs/performance.md): its own Release build directory.
BENCH_BUILD ?= build-bench
N ?= 1000000

.PHONY: all deps configure build run check bench symbols clean

all: build

deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "deps: not a Debian-like system; install yourself: $(DEB_PACKAGES)"; \
		exit 0; \
	fi; \
	missing=; \
	for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | \
			grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then \
		echo "deps: installing$$missing"; \
		apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends $$missing; \
	else \
		echo "deps: missing packages:$$missing"; \
		echo "deps: run: sudo apt-get install -y --no-install-recommends$$missing"; \
		exit 1; \
	fi

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

build: configure
	cmake --build $(BUILD) -j$(JOBS)

run: build
	$(RUN_PROGRAM) $(RUN_ARGS)

check: build
	ctest --test-dir $(BUILD) --output-on-failure -j2

bench: deps
	cmake -S . -B $(BENCH_BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_ARGS)
	cmake --build $(BENCH_BUILD) -j$(JOBS) --target iedu-bench
	$(BENCH_BUILD)/bench/iedu-bench -n $(N)

# Coverage of src/ by the whole suite (lcov: a Debian package, not among
# DEB_PACKAGES since CI does not measure coverage). The report is
# build-coverage/coverage/index.html.
COVERAGE_BUILD = build-coverage
LCOV = lcov --quiet --rc lcov_branch_coverage=1
coverage: deps
	@command -v lcov >/dev/null 2>&1 && command -v genhtml >/dev/null 2>&1 || { \
		echo "coverage: lcov is missing: sudo apt-get install -y --no-install-recommends lcov"; \
		exit 1; }
	cmake -S . -B $(COVERAGE_BUILD) -DCMAKE_BUILD_TYPE=Debug \
		-DCMAKE_C_FLAGS="--coverage -O0" \
		-DCMAKE_EXE_LINKER_FLAGS=--coverage -DCMAKE_SHARED_LINKER_FLAGS=--coverage
	cmake --build $(COVERAGE_BUILD) -j$(JOBS)
	$(LCOV) --zerocounters --directory $(COVERAGE_BUILD)
	# not the install test: its static consumer would need --coverage too
	ctest --test-dir $(COVERAGE_BUILD) --output-on-failure -j2 -E '^install$$'
	$(LCOV) --capture --directory $(COVERAGE_BUILD) --output-file $(COVERAGE_BUILD)/all.info
	$(LCOV) --extract $(COVERAGE_BUILD)/all.info "$(CURDIR)/src/*" \
		--output-file $(COVERAGE_BUILD)/src.info
	genhtml --quiet --branch-coverage --title "libiedu src/" \
		--output-directory $(COVERAGE_BUILD)/coverage $(COVERAGE_BUILD)/src.info
	@lcov --rc lcov_branch_coverage=1 --summary $(COVERAGE_BUILD)/src.info 2>&1 | \
		grep -E 'lines|branches'
	@echo "coverage: report in $(COVERAGE_BUILD)/coverage/index.html"

# Rewrites tests/libiedu.symbols from the library just built; review the
# diff and commit it when the exported functions change on purpose.
symbols: build
	cmake --build $(BUILD) --target symbols

clean:
	rm -rf $(BUILD)

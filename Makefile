# A thin front for CMake. On a fresh Debian or Ubuntu machine:
#
#   make run     install what is missing, build, run the main program
#   make check   install what is missing, build, run every test
#
# Variables: BUILD (build directory, default build), BUILD_TYPE (default
# RelWithDebInfo), CMAKE_ARGS (extra arguments to cmake's configure step,
# e.g. CMAKE_ARGS=-DIEDU_SANITIZE=address,undefined), RUN_ARGS (arguments
# for the program make run runs).

# Every Debian package the build and the tests need, in one place.
DEB_PACKAGES = cmake make gcc g++ libc6-dev pkgconf libxml2-dev libicu-dev libcmocka-dev abigail-tools python3

BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_ARGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# The main job: the summary of the bundled dataset of the source reports.
RUN_PROGRAM = $(BUILD)/examples/iedu
RUN_ARGS ?= summary

.PHONY: all deps configure build run check symbols clean

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

# Rewrites tests/libiedu.symbols from the library just built; review the
# diff and commit it when the exported functions change on purpose.
symbols: build
	cmake --build $(BUILD) --target symbols

clean:
	rm -rf $(BUILD)

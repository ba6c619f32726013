# Tandem: a thin Makefile over Meson + Ninja, for the README's commands.
#   make        install missing Debian packages and build build/src/cli/tandem
#   make run    build, create tandem.db with demo data, serve :8080
#   make test   every test: unit, HTTP, browser (sanitizer build), fuzz
#   make fuzz   run the fuzzers for longer (FUZZ_SECONDS, default 300)
#   make bench  the HTTP benchmark (bench/http) and the match run's (bench/match_run)

BUILD      ?= build
TEST_BUILD ?= build-test
TANDEM      = $(BUILD)/src/cli/tandem
DB         ?= tandem.db
PORT       ?= 8080
FUZZ_SECONDS ?= 300
DEMO_STUDENTS ?= 30000

.PHONY: all deps build run test fuzz bench clean format check-banned

all: deps build

deps:
	@scripts/deps.sh build

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=release -Dtests=false

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: all
	$(TANDEM) demo --db $(DB) --students $(DEMO_STUDENTS)
	$(TANDEM) serve --db $(DB) --port $(PORT)

test:
	@scripts/test.sh

fuzz:
	@scripts/deps.sh test
	@scripts/fuzz.sh $(FUZZ_SECONDS)

bench: all
	@bench/http/run.sh
	@bench/match_run/run.sh

check-banned:
	@scripts/check-banned.sh

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'fuzz/*.c')

clean:
	rm -rf $(BUILD) $(TEST_BUILD) build-fuzz

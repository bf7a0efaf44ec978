# Guichet — box-office register. `make run` opens the register on the demo
# box office; `make test` runs every test (installing what the tests need).
GO      ?= go
BIN     := bin
PKGS    := ./...
# Packages with goroutines shared between tills, printers and sync: run under -race.
RACE_PKGS := ./local/... ./internal/flatjournal/... ./printers/... ./sync/... ./tui/... ./remote/... ./kiosk/... ./counter/...

.PHONY: soak run build build-arm64 build-armv7 test vet unit race bench bench-startup bench-kiosk bench-keys staticcheck tools fmt

run: build
	./$(BIN)/guichet $(ARGS)

# guichet is built static (CGO_ENABLED=0) as for the boards: with cgo
# (the default where gcc is installed) net and os/user link libc, which
# maps 1.6 MB more at start and runs the runtime's threads on pthread
# stacks: 2 MB more peak RSS at the counter's start (README, bench-startup).
build:
	@mkdir -p $(BIN)
	CGO_ENABLED=0 $(GO) build -o $(BIN)/guichet ./cmd/guichet
	$(GO) build -o $(BIN)/guichetd ./cmd/guichetd

# Static binaries for ARM boards (no cgo: third_party/iconv stands in for
# libiconv): a Raspberry Pi class board on 64-bit Pi OS, or 32-bit Pi OS.
build-arm64:
	@mkdir -p $(BIN)
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build -o $(BIN)/guichet-arm64 ./cmd/guichet

build-armv7:
	@mkdir -p $(BIN)
	CGO_ENABLED=0 GOOS=linux GOARCH=arm GOARM=7 $(GO) build -o $(BIN)/guichet-armv7 ./cmd/guichet

test: tools vet staticcheck unit race

# tools installs what the tests drive for real (tmux for the end-to-end screen test).
tools:
	@bash .ci/tools.sh

# vet also checks the files built for another system (lock_other.go,
# cputime_other_test.go...): GOOS=windows.
vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || (gofmt -l . ; echo "gofmt needed"; exit 1)
	$(GO) vet $(PKGS)
	$(GO) vet -tags benchkeys ./cmd/guichet
	GOOS=windows $(GO) vet $(PKGS)

unit:
	$(GO) test -count=1 -timeout 20m $(PKGS)
	cd third_party/iconv && $(GO) vet ./... && $(GO) test -count=1 ./...

race:
	$(GO) test -count=1 -race -timeout 20m $(RACE_PKGS)

bench:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 30m $(PKGS)

# soak: the fleet simulation (sync/fleet_test.go) over SEEDS seeds from FROM (1), each
# SOAK_FOR of selling, PARALLEL seeds at once (each on its own schema of
# one PostgreSQL, with its own servers, files and processes: the same
# checks); prints how many seeds held, and the failing seeds, whose files
# (the registers' journals) it keeps and names.
SEEDS    ?= 100
FROM     ?= 1
SOAK_FOR ?= 3s
PARALLEL ?= 2
# (Run in sync/ itself: go test then shows the test's own lines.)
soak:
	cd sync && $(GO) test -count=1 -timeout 0 -run '^TestFleetEscrowNeverOversells$$' -fleet.seeds=$(SEEDS) -fleet.from=$(FROM) -fleet.for=$(SOAK_FOR) -fleet.parallel=$(PARALLEL) -fleet.keep

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

# bench-startup: time to the first frame of the sales list and peak RSS, on a
# generated catalog of 2,000 performances (targets: < 100 ms, < 25 MB), with
# the binary make build makes (static, as the boards run it).
# script gives the program the terminal it needs.
bench-startup: build
	@rm -f $(BIN)/bench-startup.db*  # the journal and what lies beside it (key, pid): the first run is a first start, the next two open it
	@$(GO) test ./tui -run TestWriteBenchCatalog -count=1 -args -write-bench-catalog=$(CURDIR)/$(BIN)/bench-catalog.json >/dev/null
	@for i in 1 2 3; do script -qec "/usr/bin/time -v ./$(BIN)/guichet --catalog $(BIN)/bench-catalog.json --db $(BIN)/bench-startup.db --unlock claire:1234 --exit-after-first-frame" /dev/null </dev/null \
	  | tr -d '\r' | grep -aE 'Elapsed|Maximum resident' | sed 's/^.*\(Elapsed\|Maximum\)/\1/'; done

# bench-kiosk: the kiosk's start-up to its attract screen and peak RSS on the
# same catalog (targets: < 100 ms, < 25 MB), then RSS after 500 kiosk sales
# in one process (kiosk/bench_test.go; target < 30 MB, no growth a sale).
# The binary is built as for the boards (CGO_ENABLED=0, as build-arm64): the
# cgo build maps libc and starts its threads on pthread stacks, 1-2 MB more.
# The first start creates the journal (once in a kiosk's life); the next two
# open it.
bench-kiosk:
	@mkdir -p $(BIN)
	CGO_ENABLED=0 $(GO) build -o $(BIN)/guichet-static ./cmd/guichet
	@rm -f $(BIN)/bench-kiosk.db $(BIN)/bench-kiosk.db.*  # the journal and what lies beside it (flat file, key, pid, log)
	@$(GO) test ./tui -run TestWriteBenchCatalog -count=1 -args -write-bench-catalog=$(CURDIR)/$(BIN)/bench-catalog.json >/dev/null
	@for i in 1 2 3; do script -qec "/usr/bin/time -v ./$(BIN)/guichet-static kiosk --catalog $(BIN)/bench-catalog.json --db $(BIN)/bench-kiosk.db --exit-after-first-frame" /dev/null </dev/null \
	  | tr -d '\r' | grep -aE 'Elapsed|Maximum resident' | sed 's/^.*\(Elapsed\|Maximum\)/\1/'; done
	@$(GO) test -count=1 -run '^$$' -bench 'BenchmarkKiosk' -benchtime 1x ./kiosk | grep -E 'Benchmark|rss'

# bench-keys: the real binary in a pseudo-terminal (cmd/guichet/benchkeys_test.go,
# build tag benchkeys): per key kind (list scroll, search letter, seat move),
# the CPU time of the whole process and the bytes written to the terminal,
# median and max over 50 keys. A measurement, not a pass/fail test. Then the
# bytes an SSH client is sent per key, read on the session channel
# (remote/bench_test.go): at 80x24, where TestBytesPerKey holds issue 14's
# targets (median < 100, max < 300 per kind), and in a 160x48 window.
bench-keys:
	@$(GO) test -count=1 -tags benchkeys -run '^TestBench(Kiosk)?Keys$$' -v ./cmd/guichet | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS' -e '^ok '
	@echo; echo "bytes per key over SSH (session channel):"
	@$(GO) test -count=1 -run '^TestBytesPerKey$$' -v ./remote | grep -e 'bytes per key' -e 'FAIL' -e 'target' | sed 's/^ *bench_test.go:[0-9]*: //'
	@$(GO) test -count=1 -run '^$$' -bench 'BytesPerKey/160x48' -benchtime 1x ./remote | grep -e '^Benchmark' | awk '{sub(/^BenchmarkBytesPerKey\//, "", $$1); sub(/-[0-9]+$$/, "", $$1); printf "bytes per key over SSH at %-36s median %5d  max %5d\n", $$1":", $$7, $$5}'

# onestack: `make run` starts the all-in-one cloud, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONFIG ?= $(wildcard etc/onestack.conf)
CONFIG_ARGS := $(if $(CONFIG),--config-file $(CONFIG),)
# Debian packages the tests and the host drivers use.
SYSTEM_PACKAGES := iproute2 procps dnsmasq-base dnsmasq-utils iptables ipset busybox-static util-linux e2fsprogs criu
SYSTEM_STAMP := $(VENV)/.system-packages

.PHONY: run test bench venv system-packages sample-config clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

system-packages: $(SYSTEM_STAMP)

$(SYSTEM_STAMP): Makefile | $(STAMP)
	@if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); \
	else echo "not root or no apt-get: install $(SYSTEM_PACKAGES) yourself"; fi
	touch $@

run: $(STAMP)
	$(BIN)/onestack-manage $(CONFIG_ARGS) db sync
	$(BIN)/onestack-manage $(CONFIG_ARGS) bootstrap
	$(BIN)/onestack-manage $(CONFIG_ARGS) image build-guest --auto
	exec $(BIN)/onestack all $(CONFIG_ARGS)

test: $(STAMP) $(SYSTEM_STAMP)
	$(BIN)/pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

sample-config: $(STAMP)
	$(BIN)/oslo-config-generator --namespace onestack --namespace oslo.log \
		--namespace oslo.messaging --namespace oslo.policy \
		--output-file etc/onestack.conf.sample

clean:
	rm -rf $(VENV) state

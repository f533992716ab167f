# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint package deploy clean chromium

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## The local stack: moto on 127.0.0.1:5000, the API on http://127.0.0.1:8000, the event consumers.
run: $(STAMP)
	$(BIN)/python -m infrastructure.local_stack

## The whole test suite (unit, HTTP, events, browser, infrastructure lint and packaging), on every
## core: each test owns its moto backend and its ports, so the tests run side by side.
test: $(STAMP) chromium
	$(BIN)/python -m pytest -n auto --dist loadgroup

chromium:
	@command -v chromium >/dev/null 2>&1 || { echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## The figures: cold start and package size, work and cost per job tip, matching at scale,
## sending at the SES quota, the monthly cost.
## Not part of `make test` (speed and scale live here, not in tests).
bench: $(STAMP)
	$(BIN)/python -m bench.coldstart
	$(BIN)/python -m bench.package
	$(BIN)/python -m bench.emails 200
	$(BIN)/python -m bench.matching
	$(BIN)/python -m bench.linkedin
	$(BIN)/python -m bench.sending
	$(BIN)/python -m bench.costs

## The deployable CloudFormation template (Chalice's functions merged with infrastructure/).
package: $(STAMP)
	rm -rf build/package
	$(BIN)/python -m infrastructure.package --stage $(or $(STAGE),dev) --out build/package

## Deploy a stage with `chalice deploy` (AWS credentials from the environment): the resources
## stack from infrastructure/template.yaml, its outputs into the stage's config, chalice deploy,
## then the event-source options. `make deploy STAGE=prod SENDER=jobs@example.com ALARM_EMAIL=ops@example.com`
deploy: $(STAMP)
	$(BIN)/python -m infrastructure.deploy --stage $(or $(STAGE),dev) $(if $(SENDER),--sender-address $(SENDER)) $(if $(ALARM_EMAIL),--alarm-email $(ALARM_EMAIL))

clean:
	rm -rf $(VENV) build .local .pytest_cache

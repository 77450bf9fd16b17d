# CRM Lab — every target creates .venv when it is missing and reinstalls only
# when pyproject.toml has changed since the last install.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
LAB_ARGS ?=
# containers and CI machines often run as root, which jupyter refuses without this flag
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# pytest workers: two on the 2-core teaching machine; `make test WORKERS=0` runs in one process
WORKERS ?= 2
PYTEST_ARGS ?=
# what ruff checks: the package, tests, notebooks, benchmarks and the exercises' sources and tools
LINT_PATHS := crmlab tests notebooks benchmarks conftest.py nbgrader_config.py \
	exercises/course.py exercises/nbgrader_config.py exercises/source

.PHONY: help install lab test unit lint format data notebooks screenshots exercises autograde feedback grades bench report clean

help:
	@echo "make lab    start JupyterLab on notebooks/00_start_here.ipynb (PORT=$(PORT), LAB_ARGS=...)"
	@echo "make test   unit tests, every notebook under nbval, lint"
	@echo "make lint   ruff over the package, tests and notebooks"
	@echo "make data   regenerate datasets/ from the synthetic-company generator"
	@echo "make notebooks  re-run notebooks in place to refresh their committed outputs (NB=...)"
	@echo "make screenshots NB=... OUT=...  run notebooks in JupyterLab/Chromium, save each chart and widget as PNG"
	@echo "make exercises  generate the student release of every assignment into exercises/release/"
	@echo "make autograde  autograde every submission in exercises/submitted/<student>/<assignment>/"
	@echo "make feedback   HTML feedback per student into exercises/feedback/"
	@echo "make grades     exercises/grades.csv: scores, typed student number, mismatch flag"
	@echo "make bench  timing comparisons against the peers (prints ratios)"
	@echo "make report SOURCE=orders.csv ARGS=\"--customer … --date … --amount …\"  HTML report of your order log"
	@echo "make clean  remove .venv and caches"

$(STAMP): pyproject.toml jupyter/overrides.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e ".[dev,zh,exercises,scale,spark]"
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --port=$(PORT) --ServerApp.root_dir="$(CURDIR)" $(ROOT_FLAG) $(LAB_ARGS) notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadscope $(PYTEST_ARGS)
	$(MAKE) --no-print-directory lint

unit: $(STAMP)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadscope tests $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

format: $(STAMP)
	$(BIN)/ruff check --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)

data: $(STAMP)
	$(BIN)/python -m crmlab.data generate --out datasets

# re-run the chapter notebooks on a fresh kernel and save their outputs (what nbval compares)
NB ?= notebooks/[0-9][0-9]*_*.ipynb
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=300 $(NB)

# every figure and widget of the notebooks as a student sees it in JupyterLab in Chromium
OUT ?= /tmp/shots
screenshots: $(STAMP)
	$(BIN)/python tests/screenshots.py $(NB) --out $(OUT)

# the nbgrader course in exercises/ (instructor's guide: exercises/README.md); nbgrader calls
# helper programs such as alembic by name, so the venv's bin/ goes first on PATH
COURSE := PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python exercises/course.py
exercises: $(STAMP)
	$(COURSE) release

autograde: $(STAMP)
	$(COURSE) autograde

feedback: $(STAMP)
	$(COURSE) feedback

grades: $(STAMP)
	$(COURSE) grades

bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# an HTML report of an analyst's order log: notebooks/10_your_data.ipynb run on it (no code shown)
SOURCE ?=
ARGS ?=
report: $(STAMP)
	@test -n "$(SOURCE)" || { echo 'make report SOURCE=orders.csv ARGS="--customer … --date … --amount …"'; exit 2; }
	$(BIN)/python -m crmlab report $(SOURCE) $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info crmlab.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

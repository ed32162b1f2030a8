# The front door: `make run` serves the site, `make test` checks it.
PYTHON ?= python3
# Where `make run` serves: `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run` is a local development server: debug on, with a local-only secret key.
RUN_ENV := DJANGO_DEBUG=1

.PHONY: install bytecode browser servers postgres run seed examples test test-postgres e2e lint format messages backup admin publish-scheduled maintain-log bench bench-pages bench-cluster bench-limits lighthouse clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The project's modules compiled to bytecode, as pip compiles what it installs: where
# PYTHONDONTWRITEBYTECODE is set (containers, read-only checkouts), every process would
# otherwise compile them again when it starts (~55 ms of a worker's start-up here,
# docs/performance.md). Only changed modules are compiled again.
bytecode: install
	$(BIN)/python -m compileall -q config faq search edge

# The local settings, written once and never overwritten: debug on, a generated secret key.
# config/settings.py reads it (django-environ), so manage.py works without DJANGO_DEBUG=1.
.env:
	@$(PYTHON) -c "import secrets; print('DJANGO_DEBUG=1'); print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50))" > $@
	@echo "wrote .env (local development settings; not for production)"

# The guide is loaded only into an empty database: an editor's changes are never reverted.
seed: install bytecode .env
	mkdir -p var
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_guide
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(BIN)/python manage.py rebuild_index --noinput --verbosity 0

run: seed
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The first admin user (asks for a name, an e-mail address and a password).
admin: seed
	$(BIN)/python manage.py createsuperuser

# What a timer runs (docs/deploy.md): scheduled entries go live; the query log is
# aggregated per day and rows older than SEARCH_LOG_RETENTION_DAYS are deleted.
publish-scheduled: install .env
	$(BIN)/python manage.py publish_scheduled

maintain-log: install .env
	$(BIN)/python manage.py maintain_query_log

# Browser tests drive Debian's Chromium (Playwright's own download does not work here),
# with a CJK font so that screenshots of Chinese pages show Chinese.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	test -x /usr/bin/chromium || ($(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk)

# The edge tests (tests/edge/) put Debian's nginx in front of gunicorn and count rate limits
# in Debian's redis-server; both are started by the tests, on loopback, and stopped after.
# (Installing them starts no service in a container: its policy-rc.d refuses.)
APT_INSTALL := $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends
servers:
	test -x /usr/sbin/nginx -a -x /usr/bin/redis-server || ($(SUDO) apt-get update -qq && \
		$(APT_INSTALL) nginx redis-server)

test: install browser servers
	$(BIN)/pytest

# The whole suite again on PostgreSQL: a throwaway cluster from Debian's package (installed
# when missing), run as a non-root user on its own port, stopped afterwards.
postgres:
	ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends postgresql)

test-postgres: install browser servers postgres
	bin/with-postgres $(BIN)/pytest

# Only the browser tests (also part of `make test`); screenshots land in var/screenshots/.
e2e: install browser
	$(BIN)/pytest -m e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the Chinese UI catalogue from the templates and code, then compile it.
messages: install
	$(RUN_ENV) $(BIN)/python manage.py makemessages --locale zh_Hans --ignore ".venv/*" --ignore "var/*"
	$(BIN)/python bin/hant-catalogue
	rm -f locale/zh_Hans/LC_MESSAGES/django.mo
	$(RUN_ENV) $(BIN)/python manage.py compilemessages --locale zh_Hans --locale zh_Hant --ignore ".venv/*"

# Plain questions with their answers (fixtures/examples/questions.json), answerable from the
# guide: not part of a fresh site, so the guide's entries stay what the relevance sets see.
examples: install .env
	$(RUN_ENV) $(BIN)/python manage.py loaddata fixtures/examples/questions.json

# The content (both languages, synonym sets, best bets) to var/backups/content-<date>.json.
# Restore: manage.py loaddata <file> && manage.py rebuild_index --noinput
backup: install
	$(RUN_ENV) $(BIN)/python manage.py backup_content

# Benchmarks (docs/performance.md): several minutes; needs wrk, installed here when missing.
# Includes search during 10 edits/s next to quiet (bench/edits.py) and the rate limit's
# accuracy across workers (bench/limits.py, with Redis when `make servers` installed it).
bench: install bytecode
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py

# Every public page's size and p50 at 10,000 generated entries (budget: 150 KB, 50 ms);
# its own site under var/bench-pages/. A few minutes, most of it building the site.
bench-pages: install
	$(BIN)/python bench/pages.py

# Lighthouse 12 (npm, into var/lighthouse/) in Debian's Chromium against a local gunicorn
# site: performance, accessibility, best practices and SEO of the main pages, both languages.
LIGHTHOUSE_VERSION := 12.2.3
lighthouse: install browser
	test -x var/lighthouse/node_modules/.bin/lighthouse || (mkdir -p var/lighthouse && \
		cd var/lighthouse && echo '{"private": true}' > package.json && \
		npm i --silent -E lighthouse@$(LIGHTHOUSE_VERSION))
	$(BIN)/python bench/lighthouse.py

# Three nodes on one PostgreSQL: search throughput on two while edits stream in through the
# third's admin at 50 a minute; staleness and errors (docs/deploy.md). About two minutes.
bench-cluster: install postgres
	bin/with-postgres $(BIN)/python bench/cluster.py

# The rate limit across 2 nodes x 4 workers (accuracy) and what counting costs, with the
# counters in the database and in Redis (docs/deploy.md). About a minute.
bench-limits: install servers
	$(BIN)/python bench/limits.py

clean:
	rm -rf var/index var/static .pytest_cache

# StarRating: `make run` serves the demo district; `make test` runs every check and test.
VENV := .venv
PY := $(VENV)/bin/python
# The Celery queues: "celery" (mail, reminders, imports, everything else) and "compute" (computing campaigns).
WORKER_QUEUES ?= celery,compute
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)

.PHONY: install run test bench lint messages worker beat

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

var/keys.env:
	mkdir -p var
	$(PY) -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50)); print('FIELD_ENCRYPTION_KEY=' + secrets.token_urlsafe(32))" > var/keys.env
	chmod 600 var/keys.env

# The embedded default: SQLite in var/, one Celery worker with beat on the embedded broker (files under
# var/celery), served by gunicorn on 127.0.0.1:8000. Ctrl-C stops all three.
run: install var/keys.env
	set -a && . ./var/keys.env && set +a && export CELERY_EMBEDDED_BROKER=true && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py collectstatic --noinput -v 0 && \
	$(PY) manage.py seed_demo && \
	$(PY) manage.py seed_demo_campaigns && \
	rm -f var/celerybeat-schedule* && \
	{ $(VENV)/bin/celery -A starrating worker --beat -s var/celerybeat-schedule --concurrency 1 -Q $(WORKER_QUEUES) -l info \
		--without-mingle --without-gossip > var/celery.log 2>&1 & echo $$! > var/celery.pid; } && \
	trap 'kill $$(cat var/celery.pid) 2>/dev/null' EXIT && trap 'exit 143' INT TERM && \
	echo "Celery worker and beat: log in var/celery.log" && \
	$(VENV)/bin/gunicorn starrating.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: install
	SECRET_KEY=messages FIELD_ENCRYPTION_KEY=messages $(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-location -i ".venv/*" -i "var/*"
	SECRET_KEY=messages FIELD_ENCRYPTION_KEY=messages $(PY) manage.py compilemessages -l zh_Hans -i ".venv/*"

# Every check and the whole suite, against PostgreSQL and Redis (see tests/backends.py).
test: install
	mkdir -p var test-artifacts
	$(PY) tests/backends.py > var/test.env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	set -a && . ./var/test.env && set +a && \
	$(PY) manage.py check --fail-level WARNING && \
	$(PY) manage.py makemigrations --check --dry-run && \
	DEBUG=false HTTPS=true ALLOWED_HOSTS=starrating.example.org SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
		$(PY) manage.py check --deploy --fail-level WARNING && \
	$(PY) -m pytest

bench: install
	mkdir -p var
	$(PY) tests/backends.py --require-postgres > var/bench.env
	set -a && . ./var/bench.env && set +a && $(PY) -m tests.bench

# A worker consumes every queue unless told otherwise: `make worker WORKER_QUEUES=compute` computes campaigns only
# (queue "compute"), `WORKER_QUEUES=celery` leaves them to others and sends mail, reminders and the rest.
worker: install var/keys.env
	set -a && . ./var/keys.env && set +a && $(VENV)/bin/celery -A starrating worker -Q $(WORKER_QUEUES) -l info

# The scheduler of periodic jobs (reminders before deadlines, hourly): run exactly one beat per installation.
beat: install var/keys.env
	set -a && . ./var/keys.env && set +a && $(VENV)/bin/celery -A starrating beat -l info -s var/celerybeat-schedule

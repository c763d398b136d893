"""StarRating settings, read from the environment only.

Embedded default (no variables beyond the two keys): SQLite in ./var and Celery in eager mode.
Production: DATABASE_URL=postgres://..., REDIS_URL=redis://..., HTTPS=true, ALLOWED_HOSTS=...
MIGRATE_DATABASE_URL (read by manage.py, not here): the owner of the tables, for migrate only (README: Database roles).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

from starrating.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("STARRATING_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "treebeard",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "import_export",
    "orgs",
    "scoring",
    "evaluations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "orgs.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "starrating.middleware.RefuseNulMiddleware",
]

ROOT_URLCONF = "starrating.urls"
WSGI_APPLICATION = "starrating.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orgs.context_processors.navigation",
                "evaluations.context_processors.worklist",
            ],
        },
    },
]

# Database: DATABASE_URL, SQLite in ./var by default. PostgreSQL uses Django's connection pool.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'starrating.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
# A PostgreSQL read replica for the heavy reads (ranking, overview, consequence lists, exports): the pages that use it
# say so with starrating.db_router.reads_from_replica(); every write stays on default. Tests mirror it on default.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=0, test_options={"MIRROR": "default"}
    )
    if {DATABASES["default"]["ENGINE"], DATABASES["replica"]["ENGINE"]} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL is a PostgreSQL replica of DATABASE_URL's PostgreSQL database."
        )
    DATABASE_ROUTERS = ["starrating.db_router.ReplicaRouter"]
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL", True):
        _database.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": env_int("DATABASE_POOL_SIZE", 8)}
    elif _database["ENGINE"] == "django.db.backends.sqlite3":
        # The web server and the worker of `make run` share the file: write-ahead logging lets readers go on while
        # one writes, and IMMEDIATE transactions wait for the writer instead of failing when they start to write.
        _database.setdefault("OPTIONS", {}).update(
            timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker and cache. Without REDIS_URL, CELERY_EMBEDDED_BROKER=true (what `make run` sets) passes the
# tasks as files under var/celery to a worker and beat on the same machine; with neither, tasks run eagerly in the
# web process.
REDIS_URL = env_str("REDIS_URL", "")
CELERY_EMBEDDED_BROKER = not REDIS_URL and env_bool("CELERY_EMBEDDED_BROKER", False)
CELERY_BROKER_URL = REDIS_URL or ("filesystem://" if CELERY_EMBEDDED_BROKER else "memory://")
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_EAGER", default=not (REDIS_URL or CELERY_EMBEDDED_BROKER))
if CELERY_EMBEDDED_BROKER:
    _celery_dir = VAR_DIR / "celery"
    for _folder in ("messages", "control", "processed"):
        (_celery_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "messages"),
        "data_folder_out": str(_celery_dir / "messages"),
        "control_folder": str(_celery_dir / "control"),
        "processed_folder": str(_celery_dir / "processed"),
        "store_processed": False,
        "polling_interval": 0.2,  # seconds between looks for a new message (one message per look)
    }
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
# Queues: computing campaigns (per-street tasks; a province's take minutes) goes to COMPUTE_QUEUE, everything else
# (mail and text messages, reminders, imports, ledgers) to the default "celery". A worker consumes both unless
# started with -Q naming one (`make worker WORKER_QUEUES=compute`): workers of their own for the computation keep
# a province's from delaying a reminder.
CELERY_TASK_DEFAULT_QUEUE = "celery"
COMPUTE_QUEUE = env_str("COMPUTE_QUEUE", "compute")
CELERY_TASK_QUEUES = tuple(Queue(name, Exchange(name), routing_key=name) for name in ("celery", COMPUTE_QUEUE))
CELERY_TASK_ROUTES = {
    "evaluations.tasks.campaign_compute*": {"queue": COMPUTE_QUEUE},
    "evaluations.tasks.consequences_run*": {"queue": COMPUTE_QUEUE},
}
# Beat (`make beat`, one process per installation): reminders hourly, a few minutes past the hour.
CELERY_BEAT_SCHEDULE = {
    "reminders-send": {"task": "evaluations.tasks.reminders_send", "schedule": crontab(minute=5)},
    "surveys-close-due": {"task": "evaluations.tasks.surveys_close_due", "schedule": crontab(minute="*/5")},
    "rectification-remind-overdue": {
        "task": "evaluations.tasks.rectification_remind_overdue",
        "schedule": crontab(minute=15),
    },
    "roster-jobs-recover": {"task": "orgs.tasks.roster_jobs_recover", "schedule": crontab(minute="*/5")},
    # Computations whose task was lost (a broker restart, a worker killed holding a follow-up) are picked up again.
    "campaign-compute-recover": {"task": "evaluations.tasks.campaign_compute_recover", "schedule": crontab()},
    "consequence-runs-recover": {"task": "evaluations.tasks.consequences_run_recover", "schedule": crontab()},
    "roster-files-remove-stale": {"task": "orgs.tasks.roster_files_remove_stale", "schedule": crontab(minute=35)},
}
# Reminders: users are notified this many days before a stage deadline of what still waits for them.
REMINDER_DAYS_BEFORE_DEADLINE = env_int("REMINDER_DAYS_BEFORE_DEADLINE", 2)
# Rectification cases (整改销号): the owner is reminded once the deadline has passed, the level above told this many
# days after it.
RECTIFICATION_ESCALATE_AFTER_DAYS = env_int("RECTIFICATION_ESCALATE_AFTER_DAYS", 7)

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "orgs.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
if env_bool("FAST_PASSWORD_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# API tokens (Authorization: Token …) stop working this many days after they were issued; owners and the
# administrator can revoke them sooner.
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 30)

# Idle sessions end after 30 minutes: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout: five failures lock the username and, separately, the address for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "orgs.client_address.client_address"

# guardian: permissions are granted to users on organizations only; no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = True

# HTTPS=true in production: secure cookies, HSTS and redirects.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
# How many reverse proxies in front of the application append to X-Forwarded-For (0: none, the peer is the client).
# The client is the Nth address from the right (orgs.client_address): the login lockout, the audit and the
# per-address throttles count each client behind the proxy separately, and forged entries further left are ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be 0 or more.")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True

# Every asset is served by the application itself: no CDN on a government intranet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env_bool("PLAIN_STATIC", False):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

# Uploads: a roster is at most ROSTER_MAX_BYTES; bigger files are refused before parsing.
ROSTER_MAX_BYTES = env_int("ROSTER_MAX_BYTES", 20 * 1024 * 1024)
ROSTER_MAX_UNCOMPRESSED_BYTES = env_int("ROSTER_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
# A roster with more rows than this (as the file declares them) is checked and imported by a worker, never in a request.
ROSTER_ASYNC_ROWS = env_int("ROSTER_ASYNC_ROWS", 5000)
# A roster job checking or importing without a sign of life for this long is taken for dead: it is taken up again,
# at most ROSTER_JOB_MAX_RESTARTS times, then marked failed (the periodic roster-jobs-recover task).
ROSTER_JOB_LEASE_SECONDS = env_int("ROSTER_JOB_LEASE_SECONDS", 30 * 60)
ROSTER_JOB_MAX_RESTARTS = env_int("ROSTER_JOB_MAX_RESTARTS", 2)
# Uploaded rosters hold full ID-card and phone numbers: each is deleted when its import ends, and a preview not
# confirmed within this time is given up and its file deleted (the periodic roster-files-remove-stale task).
ROSTER_FILE_MAX_AGE_SECONDS = env_int("ROSTER_FILE_MAX_AGE_SECONDS", 24 * 60 * 60)
# A roster import lists at most this many problems (in row order) and counts every problem per kind.
ROSTER_MAX_LISTED_PROBLEMS = env_int("ROSTER_MAX_LISTED_PROBLEMS", 1000)
# Small reference tables (departments) import and export in the admin through django-import-export:
# an import is one transaction, and needs the add and change permissions; an export needs view.
# Its IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT drops a leading "=" only (and turns every cell into text),
# so it stays off: the resources neutralise = + - @ cells as orgs.exports does.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Between preview and confirm the file waits in MEDIA_ROOT, as roster uploads do, so any web process can confirm.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# The level of the tree's root: a district deployment (the default) or a province or city holding districts. The
# depth of a street, and so the path prefix that names an organization's street, follows from it (orgs.tree).
ORG_TREE_ROOT_LEVEL = env_str("ORG_TREE_ROOT_LEVEL", "district")
if ORG_TREE_ROOT_LEVEL not in ("province", "city", "district"):
    raise ImproperlyConfigured(f"ORG_TREE_ROOT_LEVEL={ORG_TREE_ROOT_LEVEL!r}: use province, city or district.")
# Computing a campaign: each street is a chunk that a worker claims with a lease of this many seconds; a street it
# has not finished by then is taken for dead (a killed worker's) and may be claimed by another. A street of a few
# thousand organizations takes about a second, and a worker claims up to CAMPAIGN_COMPUTE_READ_AHEAD_STREETS more
# ahead of the one it computes: two minutes leave room for that, and a killed worker's streets wait no longer.
CAMPAIGN_COMPUTE_LEASE_SECONDS = max(1, env_int("CAMPAIGN_COMPUTE_LEASE_SECONDS", 120))
# A policy what-if runs a whole campaign in one task: a run not finished after this lease is taken for dead.
POLICY_WHAT_IF_LEASE_SECONDS = env_int("POLICY_WHAT_IF_LEASE_SECONDS", 15 * 60)
# On PostgreSQL a second connection reads the next street while the current one is computed (uses two cores).
CAMPAIGN_COMPUTE_READ_AHEAD = env_bool("CAMPAIGN_COMPUTE_READ_AHEAD", default=True)
# How many streets that connection may read before the computation catches up (each read is held in memory).
CAMPAIGN_COMPUTE_READ_AHEAD_STREETS = max(1, env_int("CAMPAIGN_COMPUTE_READ_AHEAD_STREETS", 3))
# For the worker test only: a worker waits this long after each street, holding the leases of the streets it has
# claimed ahead, so it can be killed mid-way. Keep 0.
CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS = env_int("CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS", 0)
# Applying the consequence rules over every organization: each street is claimed with a lease of this many seconds,
# as a campaign's computation is (a street's rules are applied in about a second).
CONSEQUENCE_RUN_LEASE_SECONDS = max(1, env_int("CONSEQUENCE_RUN_LEASE_SECONDS", 120))
# For the worker test only: a worker waits this long in each street's transaction, holding its lease, so it can be
# killed mid-street. Keep 0.
CONSEQUENCE_RUN_PAUSE_IN_STREET_SECONDS = env_int("CONSEQUENCE_RUN_PAUSE_IN_STREET_SECONDS", 0)
# Publicity: objections filed from one client address in one hour, at most (the cache counts them).
PUBLICITY_OBJECTIONS_PER_HOUR = env_int("PUBLICITY_OBJECTIONS_PER_HOUR", 5)
# Publicity: the supervision phone (监督电话) printed on the notice and shown on the public page; none if empty.
PUBLICITY_SUPERVISION_PHONE = env_str("PUBLICITY_SUPERVISION_PHONE", "")
# A satisfaction share from fewer ballots than this is marked "样本不足" wherever it is shown (the seeds name no
# number). It marks the share and changes no result: a deployment setting, the same for every template.
SATISFACTION_MIN_BALLOTS = max(1, env_int("SATISFACTION_MIN_BALLOTS", 30))

# Notifications go out beyond the application only when asked: by e-mail through Django's mail settings
# (NOTIFY_EMAIL=true and EMAIL_*), and by text message through an HTTP gateway (SMS_GATEWAY_URL; empty = off) that
# receives one JSON POST {"mobile", "text"} per message, the text made from SMS_TEMPLATE ({text} and {url}).
NOTIFY_EMAIL = env_bool("NOTIFY_EMAIL", False)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "starrating@localhost")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_TEMPLATE = env_str("SMS_TEMPLATE", "【星级评定】{text}")
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10)
try:
    SMS_TEMPLATE.format(text="", url="")
except (KeyError, IndexError, ValueError) as _error:
    raise ImproperlyConfigured(f"SMS_TEMPLATE={SMS_TEMPLATE!r} may only use {{text}} and {{url}}.") from _error
if "{text}" not in SMS_TEMPLATE:
    raise ImproperlyConfigured(f"SMS_TEMPLATE={SMS_TEMPLATE!r} must contain {{text}}.")
if SMS_GATEWAY_URL and not SMS_GATEWAY_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SMS_GATEWAY_URL={SMS_GATEWAY_URL!r} is not an http(s) address.")
# A delivery that fails is tried again with a growing pause (1, 2, 4 … seconds, at most 10 minutes), this many times.
NOTIFY_DELIVERY_RETRIES = env_int("NOTIFY_DELIVERY_RETRIES", 6)
# The address of the application as users reach it, for the links in e-mails and text messages (empty: no link).
SITE_URL = env_str("SITE_URL", "").rstrip("/")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "orgs.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "orgs.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # REST framework's throttles, should any be configured, count clients as orgs.client_address does.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "StarRating API",
    "DESCRIPTION": "星级评定系统接口",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "orgs.models.Level",
        "FollowUpKindEnum": "evaluations.models.followups.FollowUpKind",
        "FollowUpStatusEnum": "evaluations.models.followups.FollowUpStatus",
        "CircumstanceKindEnum": "evaluations.models.rewards.CircumstanceKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

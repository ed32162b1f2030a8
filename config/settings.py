"""Settings for the FAQ site, read from the environment (see ../shared/CONTRACT.md)."""

import os
import socket
from datetime import timedelta
from pathlib import Path

import dj_database_url
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import jquery_ui

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Return the boolean value of an environment variable ('1'/'0', 'true'/'false')."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Return a comma-separated environment variable as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The local `.env` that `make run` writes once (DJANGO_DEBUG=1 and a generated secret key), so
# that manage.py works on a developer's machine without typing them. django-environ never
# overrides a variable the environment sets; DJANGO_ENV_FILE="" reads no file (production).
ENV_FILE = os.environ.get("DJANGO_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE)

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "You must set DJANGO_SECRET_KEY when DJANGO_DEBUG=0 "
            "(or run with DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

# Behind HTTPS: secure cookies, HSTS (its subdomain and preload options only when asked),
# redirect. Behind a proxy that terminates HTTPS, name it in DJANGO_TRUSTED_PROXIES (below).
HTTPS = env_bool("DJANGO_HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    # Both bind every subdomain (and preload, browsers for months): a site's owner opts in,
    # so check --deploy does not warn when they are off.
    SILENCED_SYSTEM_CHECKS = [
        *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
        *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
    ]

INSTALLED_APPS = [
    # faq first: its loaddata extends modeltranslation's (faq/management/commands).
    "faq",
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # sitemap.xml and its index (faq/sitemaps.py); the feed needs no app.
    "django.contrib.sitemaps",
    "adminsortable2",
    "axes",
    "edge",
    # search before haystack: its rebuild_index replaces haystack's.
    "search",
    "haystack",
]

MIDDLEWARE = [
    # First: the client's address and scheme behind DJANGO_TRUSTED_PROXIES, for everything after.
    "edge.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # /zh-tw/… and /en-us/… lead to the page under the language the site serves (/zh-hant/…).
    "faq.languages.LanguageVariantMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Brings this node's index up to the change log before a view that searches.
    "search.keeper.IndexKeeperMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Scripts, styles, images and fonts only from this site, never inline script: content an
# editor (or an attacker through an editor's account) writes can never run in a browser.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Admin login: after 5 failed attempts for one username from one address, that pair is
# locked out for 15 minutes (django-axes). Counting per pair, not per address alone,
# keeps one guesser from locking out everyone behind the same proxy.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "faq.context_processors.language_switcher",
            ],
        },
    },
]

VAR_DIR = BASE_DIR / "var"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets searches read while the query log or an editor writes; NORMAL syncs at
    # checkpoints rather than every commit (safe in WAL mode).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages, declared once (faq/languages.py reads them): the code in URLs and the name,
# how BCP 47 (hreflang, <html lang>) and OpenGraph write it;
# the analyzer that reads its text (search/analysis.py: "chinese" segments with jieba and reads
# Traditional as Simplified, "english" stems); where a field without text in it falls back
# to, and the OpenCC conversion that turns the fallback's text into this language on the fly.
# The first is the source every entry is written in. An editor's own text always wins.
SITE_LANGUAGES = [
    {
        "code": "zh-hans",
        "name": _("Simplified Chinese"),
        "hreflang": "zh-Hans",
        "og_locale": "zh_CN",
        "analyzer": "chinese",
        "fallback": (),
    },
    {
        "code": "en",
        "name": _("English"),
        "hreflang": "en",
        "og_locale": "en_US",
        "analyzer": "english",
        "fallback": ("zh-hans",),
    },
    # Taiwan and Hong Kong: s2twp also converts phrases (软件 → 軟體). Its phrases are a
    # software glossary; a help center writes these words as Taiwan's readers expect.
    {
        "code": "zh-hant",
        "name": _("Traditional Chinese"),
        "hreflang": "zh-Hant",
        "og_locale": "zh_TW",
        "analyzer": "chinese",
        "fallback": ("zh-hans",),
        "convert": "s2twp",
        "glossary": {
            "型別": "類型",  # 类型: a kind of problem, not a data type
            "引數": "參數",  # 参数: an API's parameter, not a function's argument
            "賬": "帳",  # 账户, 账号: Taiwan's standard form is 帳
            "質量": "品質",  # 质量: a product's quality, not physical mass
            "搜索": "搜尋",  # 搜索: Taiwan searches with 搜尋
            "收件箱": "收件匣",  # 收件箱: an e-mail inbox is a 收件匣 in Taiwan
            "郵箱": "信箱",  # 邮箱: an e-mail address's box is a 信箱 (電子信箱)
            "回復": "回覆",  # 回复: a reply is a 回覆; 回復 is "restore" in Taiwan
            "訪問": "前往",  # 访问: visiting a page; 訪問 is "interview" in Taiwan
            # 通过 by a means is 透過; 通過 alone is also "passed" (審核通過), so only before
            # the ways of contacting support.
            "通過電話": "透過電話",
            "通過電子郵件": "透過電子郵件",
            "通過線上": "透過線上",
            "通過本文": "透過本文",
            "通過亞馬遜": "透過亞馬遜",
            "丟失": "遺失",  # 丢失: a lost parcel or card is 遺失 in Taiwan
            "釋出": "發布",  # 发布: OpenCC's 釋出 is a software release; a post or a page is 發布
            "反饋": "回饋",  # 反馈: feedback is 回饋 in Taiwan
            "谷歌": "Google",  # Taiwan writes the company's own name
            # Taiwan quotes with corner brackets (教育部《重訂標點符號手冊》).
            "“": "「",
            "”": "」",
        },
    },
]
LANGUAGE_CODE = SITE_LANGUAGES[0]["code"]
LANGUAGES = [(language["code"], language["name"]) for language in SITE_LANGUAGES]
# New entries' slugs are prefilled in the admin from their title in this language.
SLUG_LANGUAGE = "en"
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": (LANGUAGE_CODE,),
    **{language["code"]: language["fallback"] for language in SITE_LANGUAGES},
}
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # modeltranslation's tabbed admin loads jQuery UI from a CDN unless told otherwise.
    ("jquery-ui", jquery_ui.BASE_DIR),
]
JQUERY_UI_URL = "jquery-ui/jquery-ui.min.js"

SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "index"))
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.backend.BilingualWhooshEngine",
        "PATH": str(SEARCH_INDEX_DIR),
    },
}

# Per-client limit on /api/search/ and /api/suggest/ ("600/m": 10 a second, far more than a
# person typing needs); "0" turns it off.
SEARCH_API_RATE_LIMIT = os.environ.get("SEARCH_API_RATE_LIMIT", "600/m")
# Search results kept per process (0 turns the cache off, e.g. to benchmark without it).
SEARCH_RESULT_CACHE_SIZE = int(os.environ.get("SEARCH_RESULT_CACHE_SIZE", "2000"))
# Processes that analyse documents beside the one writing a full rebuild's index (0: none);
# only a rebuild of 500 entries or more starts them. On 2 cores, 2 workers took the rebuild
# at 10,023 entries from ~16 s to ~12 s, and 1 was no faster than none (docs/performance.md).
SEARCH_REBUILD_WORKERS = int(
    os.environ.get("SEARCH_REBUILD_WORKERS", "2" if (os.cpu_count() or 1) > 1 else "0")
)
# The query log is written in batches: every this many searches, or this many seconds.
SEARCH_LOG_BATCH = int(os.environ.get("SEARCH_LOG_BATCH", "50"))
SEARCH_LOG_SECONDS = float(os.environ.get("SEARCH_LOG_SECONDS", "2"))
# Each batch is written by a thread of its own, so no search waits for the database.
SEARCH_LOG_IN_BACKGROUND = env_bool("SEARCH_LOG_IN_BACKGROUND", True)
# The most batches waiting for that thread in a process; past it the oldest is dropped
# (and logged), so a database that does not keep up costs no more memory than this.
SEARCH_LOG_QUEUE = int(os.environ.get("SEARCH_LOG_QUEUE", "100"))
# How long a thread may keep Python's interpreter lock while another waits for it before it
# is made to hand it over (sys.setswitchinterval, set at start-up by search/apps.py; Python's
# own default is 0.005 s). A search runs Python without a pause between the points where it
# lets go of the lock anyway (its database queries, word segmentation): switched every 5 ms,
# threads searching at once took turns mid-search. With the machine's other core busy, 4
# threads did 0.89-0.94 of 1 thread's searches a second, 0.96-1.02 at 0.1 s; with it idle
# the gain is smaller (docs/performance.md, "4 threads against 1, again").
THREAD_SWITCH_INTERVAL = float(os.environ.get("THREAD_SWITCH_INTERVAL", "0.1"))
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.LiveIndexSignalProcessor"
# Several web nodes, each with its own index replica, share one database (docs/deploy.md).
# A node is named for its host unless told otherwise; one not seen for SEARCH_NODE_TIMEOUT
# seconds no longer holds back pruning of the change log, and rebuilds when it returns.
SEARCH_NODE_NAME = os.environ.get("SEARCH_NODE_NAME") or socket.gethostname()
SEARCH_NODE_TIMEOUT = int(os.environ.get("SEARCH_NODE_TIMEOUT", str(24 * 3600)))
# A node's heartbeat (every 30 s) is written by a thread of its own, not by the search that
# finds it due, which would wait for the database's write lock behind editors.
SEARCH_HEARTBEAT_IN_BACKGROUND = env_bool("SEARCH_HEARTBEAT_IN_BACKGROUND", True)
# Relevance mechanisms to turn off, by name (search/config.py MECHANISMS), e.g. "pinyin".
SEARCH_MECHANISMS_OFF = env_list("SEARCH_MECHANISMS_OFF", "")
# The longest a search request waits for another writer of the index (its commit covering
# the request's changes) before it answers from the previous snapshot (search/keeper.py).
# Short: during a burst of edits a writer is at work most of the time (docs/performance.md).
SEARCH_CATCH_UP_WAIT = float(os.environ.get("SEARCH_CATCH_UP_WAIT", "0.05"))
# During a burst of edits, the index takes one commit of everything edited at most this
# often (seconds; an edit after a quiet interval is applied at once): each commit renews
# every process's search caches (search/indexing.py apply_after_edit). 0: every edit at once.
SEARCH_COMMIT_INTERVAL = float(os.environ.get("SEARCH_COMMIT_INTERVAL", "1.0"))

# ---- The site's edge (issue 17): trusted proxies, shared rate limits, quiet refusals ----
# The proxies in front of the site (load balancer, nginx): addresses or CIDRs, comma-
# separated. Only requests from them have X-Forwarded-For (the client's address, for rate
# limits, the admin lockout and logs) and X-Forwarded-Proto (HTTPS) believed. None by default:
# the client is the connection's peer, as without a proxy.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "")
if TRUSTED_PROXIES:
    from edge.proxies import parse_networks

    # A typo fails at start-up, not on the first request.
    parse_networks(TRUSTED_PROXIES, "DJANGO_TRUSTED_PROXIES")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer checks each node's health over plain HTTP, straight to the node.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# django-axes counts failed logins in the database (its default handler), which every worker
# and node shares, per username and the client's address behind the trusted proxies.
AXES_CLIENT_IP_CALLABLE = "edge.proxies.client_address"
# Per-client limit on the search page, like SEARCH_API_RATE_LIMIT ("0" turns it off).
SEARCH_PAGE_RATE_LIMIT = os.environ.get("SEARCH_PAGE_RATE_LIMIT", "120/m")
# Clients never limited when they ask directly (no X-Forwarded-For): by default the machine
# itself, such as the shared evaluator sending 300 queries in ten seconds, a health check or a
# timer. A request relayed by a proxy on this machine carries X-Forwarded-For and is counted.
# Empty ("") limits every client.
SEARCH_RATE_LIMIT_EXEMPT = env_list("SEARCH_RATE_LIMIT_EXEMPT", "127.0.0.1,::1")
if SEARCH_RATE_LIMIT_EXEMPT:
    from edge.proxies import parse_networks

    parse_networks(SEARCH_RATE_LIMIT_EXEMPT, "SEARCH_RATE_LIMIT_EXEMPT")
# Rate-limit counters are shared by every worker and node: in the database (edge.RateCount),
# or in Redis when REDIS_URL is set (redis://host:6379/0).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES["limits"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "faq",
        # A search waits at most a second on a stalled Redis, then goes on unlimited.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
# A request with a Host not in ALLOWED_HOSTS is logged as one line with the client's
# address, not a traceback (scanners send them all day).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "edge.logs.OneLine"}},
    "formatters": {
        "refusal": {"format": "%(levelname)s %(name)s client=%(client)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "refusals": {
            "class": "logging.StreamHandler",
            "filters": ["one_line"],
            "formatter": "refusal",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.security.DisallowedHost": {
            "handlers": ["refusals"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}
# ---- end of the site's edge ----

# --- Editors and the query log (issue 18) --------------------------------------------------
# Revisions of every entry with its children (faq/admin.py, django-reversion).
INSTALLED_APPS += ["reversion"]
# Who is searching: a visitor, staff, an API client or a bot (search/audience.py), so the
# query log counts editors' test searches and crawlers apart from customers.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "search.audience.AudienceMiddleware",
)
# Raw query-log and click rows older than this are deleted by `manage.py maintain_query_log`
# (a timer runs it daily, docs/deploy.md); the daily aggregates stay.
SEARCH_LOG_RETENTION_DAYS = int(os.environ.get("SEARCH_LOG_RETENTION_DAYS", "90"))
# A past query is offered as a completion only once it found results and, on at least
# SEARCH_SUGGEST_MIN_DAYS days, SEARCH_SUGGEST_MIN_VISITORS distinct visitors asked it
# (search/suggest.py), so that nobody can plant one by repeating a request.
SEARCH_SUGGEST_MIN_DAYS = int(os.environ.get("SEARCH_SUGGEST_MIN_DAYS", "3"))
SEARCH_SUGGEST_MIN_VISITORS = int(os.environ.get("SEARCH_SUGGEST_MIN_VISITORS", "2"))
# --- end of issue 18 ---------------------------------------------------------------------

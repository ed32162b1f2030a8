"""gunicorn's settings, read when it is started from this folder (README, docs/deploy.md).

Which proxy to believe is Django's decision (DJANGO_TRUSTED_PROXIES, edge/proxies.py).
Left alone, gunicorn believes X-Forwarded-Proto from 127.0.0.1 and marks such a request
HTTPS itself, so any local client could claim HTTPS: here it believes no one.
"""

forwarded_allow_ips = ""

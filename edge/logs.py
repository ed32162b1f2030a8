"""Log records for requests refused at the door, one line each."""

import logging

from edge.proxies import client_address


class OneLine(logging.Filter):
    """Drop the traceback and name the client: a refused Host header is an everyday event
    on the internet (scanners), worth a line, not a stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        request = getattr(record, "request", None)
        record.client = client_address(request) if request is not None else "-"
        return True

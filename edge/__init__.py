"""The site's edge: who the client is behind trusted proxies, shared rate-limit counters,
and a quiet log for requests refused at the door."""
